/**
 * Exhaustiveness guard for discriminated unions: a compile error when a case is missing.
 *
 * @example
 * switch (interaction.transport) {
 *   case 'http': ...; case 'sse': ...; case 'websocket': ...
 *   default: return assertNever(interaction)
 * }
 */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`)
}
