/**
 * The API key tapedeck gives an application that has none, when nothing goes upstream: the
 * SDKs refuse to start without a key, and replay never sends it anywhere. One value for
 * `tapedeck run` and the Vitest helper, so a test sees the same key whichever starts it.
 * @module
 */

/**
 * The placeholder key.
 *
 * @example
 * env.OPENAI_API_KEY ??= PLACEHOLDER_API_KEY
 */
export const PLACEHOLDER_API_KEY = 'sk-tapedeck-placeholder'
