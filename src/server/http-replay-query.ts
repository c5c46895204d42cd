/**
 * The replay query of an HTTP request.
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http'
import { flattenHeaders } from '../protocol/http-headers.js'
import type { ReplayQuery } from '../replay/types.js'
import type { JsonValue } from '../util/json.js'

/**
 * A {@link ReplayQuery} whose headers are flattened only when something reads them (a rule that
 * matches on a header): an exact-match replay never does, and it runs on every request. A class,
 * so every query has one shape and the getter lives once on the prototype.
 *
 * @example
 * const query = new HttpReplayQuery('POST', '/v1/responses', undefined, body, 'default', request.headers)
 * query.headers['content-type'] // 'application/json', flattened on first read
 */
export class HttpReplayQuery implements ReplayQuery {
  #flat: Record<string, string> | undefined

  constructor(
    readonly method: string,
    readonly path: string,
    readonly query: Record<string, string> | undefined,
    readonly body: JsonValue | undefined,
    readonly scope: string,
    private readonly rawHeaders: IncomingHttpHeaders,
  ) {}

  get headers(): Record<string, string> {
    return (this.#flat ??= flattenHeaders(this.rawHeaders))
  }
}
