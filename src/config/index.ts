/**
 * Settings of the server commands from flags, environment variables and a config file, with one
 * precedence: flags > environment > config file > defaults. docs/configuration.md is the table.
 * @module
 */
export {
  CONFIG_ENV_VAR,
  CONFIG_FILE_NAMES,
  ENV_VARS,
  FLAG_NAMES,
  REDACT_KEYS,
  SETTING_KEYS,
  type SettingKey,
  type SettingSource,
  type Settings,
} from './settings.js'
export {
  resolveCliSettings,
  SETTING_FLAG_ATTRIBUTES,
  type ResolveCliSettingsInput,
  type SettingFlags,
} from './resolve-cli-settings.js'
export {
  findConfigFile,
  loadConfigFile,
  parseConfigText,
  type ConfigFileLayer,
} from './config-file.js'
export { settingError, type OriginValue, type SettingOrigin } from './setting-values.js'
export { toTapedeckOptions } from './to-tapedeck-options.js'
