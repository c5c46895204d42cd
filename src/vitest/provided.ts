/**
 * What the tapedeck global setup hands to the test workers, declared on Vitest's
 * `ProvidedContext` so that `project.provide('tapedeck', ...)` and `inject('tapedeck')` are typed.
 * Types only.
 * @module
 */

/** What the global setup provides to the test workers. */
export interface TapedeckProvided {
  /** The server's origin, `http://127.0.0.1:PORT`. */
  url: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    tapedeck?: TapedeckProvided
  }
}
