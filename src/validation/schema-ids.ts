/**
 * The `$id`s of tapedeck's OpenAI schemas (files in schemas/openai/) and the definitions the
 * validator compiles.
 * @module
 */

const BASE = 'https://tapedeck.dev/schemas/openai/'

/**
 * Schema document ids.
 *
 * @example
 * SCHEMA_IDS.chat // 'https://tapedeck.dev/schemas/openai/chat.schema.json'
 */
export const SCHEMA_IDS = {
  response: `${BASE}response.schema.json`,
  responsesEvents: `${BASE}responses-events.schema.json`,
  errors: `${BASE}errors.schema.json`,
  chat: `${BASE}chat.schema.json`,
  websocketClient: `${BASE}websocket-client.schema.json`,
  websocketServer: `${BASE}websocket-server.schema.json`,
} as const

/**
 * Named definitions compiled on demand: `document id#/$defs/Name`.
 *
 * @example
 * SCHEMA_REFS.response // 'https://tapedeck.dev/schemas/openai/response.schema.json#/$defs/Response'
 */
export const SCHEMA_REFS = {
  response: `${SCHEMA_IDS.response}#/$defs/Response`,
  chatCompletion: `${SCHEMA_IDS.chat}#/$defs/ChatCompletion`,
  chatChunk: `${SCHEMA_IDS.chat}#/$defs/ChatCompletionChunk`,
  errorBody: `${SCHEMA_IDS.errors}#/$defs/ErrorBody`,
  flatErrorEvent: `${SCHEMA_IDS.errors}#/$defs/FlatErrorEvent`,
  nestedErrorEvent: `${SCHEMA_IDS.errors}#/$defs/NestedErrorEvent`,
  websocketClientEvent: `${SCHEMA_IDS.websocketClient}#/$defs/ClientEvent`,
} as const

/** A named definition. */
export type SchemaRef = (typeof SCHEMA_REFS)[keyof typeof SCHEMA_REFS]
