/**
 * The protocol validator: JSON Schemas of the OpenAI wire protocol (schemas/openai/, strict and
 * wire profiles) plus the stateful stream checks that JSON Schema cannot express. Rule ids and
 * profiles are documented in docs/compliance.md.
 * @module
 */
export { validateResponsesEvents, type ResponsesValidateOptions } from './responses-stream-rules.js'
export { validateChatChunks, type ChatValidateOptions } from './chat-stream-rules.js'
export { validateWebSocketTurn, type WebSocketTurnOptions } from './websocket-rules.js'
export { validateJsonBody, type JsonBodyKind } from './json-body-rules.js'
export { validateInteraction, classifyInteraction, type InteractionKind } from './interaction-rules.js'
export { getSchemaRegistry, createSchemaRegistry, type SchemaRegistry } from './schema-registry.js'
export { loadSchemaDocuments, type SchemaDocuments } from './load-schemas.js'
export { SCHEMA_IDS, SCHEMA_REFS, type SchemaRef } from './schema-ids.js'
export { RULES, RULE_IDS, type RuleId } from './rules.js'
export { DIALECTS, type Dialect } from './dialects.js'
export { VALIDATION_PROFILES, type ValidateOptions, type ValidationProfile, type ValidationResult, type Violation } from './types.js'
export { parseValidationInput, type InputFormat, type ParsedInput, type ValidationTarget } from './input-formats.js'
export { collectInputFiles, readInput, INPUT_EXTENSIONS, MAX_INPUT_BYTES, type InputProblem } from './read-inputs.js'
export { streamValidatorCheck } from './cassette-check.js'
