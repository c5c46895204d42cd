/**
 * Turns a request body into what matching needs: parsed JSON, nothing, or opaque bytes.
 * @module
 */
import type { EndpointKind } from '../replay/types.js'
import type { JsonValue } from '../util/json.js'

/** The outcome of reading a body for matching. */
export type ParsedRequestBody =
  | { kind: 'json'; value: JsonValue }
  | { kind: 'empty' }
  /** Not JSON by declaration (multipart uploads, audio): matched without its body. */
  | { kind: 'opaque' }
  | { kind: 'invalid'; message: string }

/** Content types whose bodies are never JSON, so generic endpoints match them without the body. */
const OPAQUE_CONTENT_TYPES = /^(multipart\/|application\/octet-stream|audio\/|image\/|video\/)/i

/**
 * Parse a request body. Lenient like the API: any content type is tried as JSON, except
 * declared binary bodies on generic endpoints.
 *
 * @example
 * parseRequestBody(Buffer.from('{"a":1}'), 'text/plain', 'responses') // { kind: 'json', value: { a: 1 } }
 * parseRequestBody(Buffer.from('{'), 'application/json', 'chat')        // { kind: 'invalid', message: '…' }
 */
export function parseRequestBody(
  body: Buffer,
  contentType: string | undefined,
  endpoint: EndpointKind,
): ParsedRequestBody {
  if (body.length === 0) return { kind: 'empty' }
  if (endpoint === 'generic' && contentType !== undefined && OPAQUE_CONTENT_TYPES.test(contentType)) {
    return { kind: 'opaque' }
  }
  try {
    return { kind: 'json', value: JSON.parse(body.toString('utf8')) as JsonValue }
  } catch {
    return { kind: 'invalid', message: invalidJsonMessage(contentType) }
  }
}

/** OpenAI's own wording for an unparsable body, with a note when the content type is not JSON. */
function invalidJsonMessage(contentType: string | undefined): string {
  const declared =
    contentType === undefined || /json/i.test(contentType)
      ? ''
      : ` The request was sent with content-type "${contentType}"; send application/json.`
  return (
    'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your ' +
    'HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)' +
    declared
  )
}
