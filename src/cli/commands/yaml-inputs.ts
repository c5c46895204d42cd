/**
 * Find the YAML files named by command-line paths: files as given, folders searched
 * recursively, each file with the path it keeps under an output folder.
 * @module
 */
import { stat } from 'node:fs/promises'
import { basename, relative } from 'node:path'
import { findFiles } from '../../util/find-files.js'

/** One YAML input and where it goes under an output folder. */
export interface YamlInput {
  file: string
  /** `name.yaml` for a file given directly; the path below the folder for a folder's file. */
  relativeOut: string
}

/**
 * Expand `paths` into YAML files (`.yaml`, `.yml`), folders walked as the server walks them
 * (util/find-files.ts). Paths that cannot be read are returned as problems.
 *
 * @example
 * const { inputs } = await collectYamlInputs(['../shared/corpus/pydantic-ai'])
 * inputs[0] // { file: '../shared/corpus/pydantic-ai/models/a.yaml', relativeOut: 'models/a.yaml' }
 */
export async function collectYamlInputs(
  paths: readonly string[],
): Promise<{ inputs: YamlInput[]; problems: string[] }> {
  const inputs: YamlInput[] = []
  const problems: string[] = []
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined)
    if (info === undefined) {
      problems.push(`Failed to read "${path}": it does not exist. Check the path.`)
    } else if (info.isDirectory()) {
      for (const file of await walk(path)) inputs.push({ file, relativeOut: relative(path, file) })
    } else {
      inputs.push({ file: path, relativeOut: basename(path) })
    }
  }
  return { inputs, problems }
}

function walk(folder: string): Promise<string[]> {
  return findFiles(folder, (name) => /\.ya?ml$/i.test(name))
}
