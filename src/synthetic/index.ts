/**
 * The synthetic generator: compact replies expanded into Responses (JSON, SSE, WebSocket) and
 * Chat Completions (JSON, SSE) answers, gap filling for unmatched requests, and the inverse
 * (`tapedeck compact`).
 * @module
 */
export type { SynthesisContext, SyntheticAnswer, SyntheticEvent } from './types.js'
export { expandResponses } from './expand-responses.js'
export { expandChat } from './expand-chat.js'
export { isResponseObject, responseToEvents, type ResponseToEventsOptions } from './response-to-events.js'
export { synthesizeForMiss, type MissGenerator, type MissOptions } from './synthesize-miss.js'
export { sampleFromSchema } from './schema-sample.js'
export { compactFromBody, compactFromEvents, type RecordedEvent } from './compact-from-recording.js'
export { toolCallId } from './ids.js'
export { answerToInteraction, expandReply } from './expand-reply.js'
