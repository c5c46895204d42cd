/**
 * Regular expressions written in scenario files: `pattern` or `/pattern/flags`. Pure.
 * @module
 */

/**
 * Compile a scenario regex. A value written as `/…/flags` uses those flags; anything else is
 * the pattern itself, without flags. Throws the engine's SyntaxError when it does not compile.
 *
 * @example
 * compileUserRegex('/weather in \\w+/i').test('Weather in Paris') // true
 * compileUserRegex('^hi$').test('hi')                             // true
 */
export function compileUserRegex(source: string): RegExp {
  const literal = /^\/(.*)\/([dgimsuvy]*)$/s.exec(source)
  if (literal !== null) return new RegExp(literal[1] ?? '', (literal[2] ?? '').replace(/[gy]/g, ''))
  return new RegExp(source)
}
