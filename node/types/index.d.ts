// `authlete/types`: the official TypeScript SDK's result and enum helper types.
import type { OK as OKResult, ERR as ERRResult } from "../lib/types.js";

export type { Result, APIPromise, APICall } from "../lib/types.js";
export type { OpenEnum } from "../models/index.js";
export type OK<V> = OKResult<V>;
export type ERR<E> = ERRResult<E>;
/** A success. */
export declare function OK<V>(value: V): OKResult<V>;
/** A failure. */
export declare function ERR<E>(error: E): ERRResult<E>;
/** The known values of a closed enum. */
export type ClosedEnum<T extends Readonly<Record<string, string | number>>> = T[keyof T];
