/**
 * The limits of a Responses WebSocket connection (openai-wire-protocol.md §2.7, §2.9), with the
 * real API's values as defaults.
 * @module
 */

/** Per-connection limits. */
export interface SessionLimits {
  /** Lifetime of a connection; then `websocket_connection_limit_reached`. Real API: 60 minutes. */
  connectionLimitMs: number
  /** Named `stream_id` lanes per connection (the default lane is not counted). */
  maxNamedLanes: number
  /** Responses queued or streaming at once; checked for creates that name a lane. */
  maxInFlight: number
  /** Wait between the connection-limit error and the close frame. */
  closeGraceMs: number
}

/**
 * The real API's limits.
 *
 * @example
 * const limits = { ...DEFAULT_LIMITS, connectionLimitMs: 200 } // a test that reaches the limit
 */
export const DEFAULT_LIMITS: SessionLimits = {
  connectionLimitMs: 3_600_000,
  maxNamedLanes: 32,
  maxInFlight: 16,
  closeGraceMs: 100,
}

/**
 * Default largest client frame accepted, in bytes (ws `maxPayload`); a larger frame closes the
 * connection with 1009.
 *
 * @example
 * new WebSocketServer({ noServer: true, maxPayload: DEFAULT_MAX_FRAME_BYTES })
 */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024
