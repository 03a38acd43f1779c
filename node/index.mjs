// `import { Authlete } from "authlete"` (ESM entry over the one CommonJS implementation, so
// classes and `instanceof` are the same whichever way the package is loaded).
import sdk from "./index.js";

export const { Authlete, ServerList, SDK_METADATA, serverURLFromOptions, HTTPClient, ExactNumber, exactInt64 } = sdk;
