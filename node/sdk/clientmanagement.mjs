import m from "./clientmanagement.js";

export const { ClientManagement } = m;
