export { loadDesired, loadDesiredFromTexts, type ConfigText, type LoadOptions } from './load.js';
export { listConfigFiles } from './files.js';
export { parseShard, selectTenants, type Shard, type TenantSelection } from './select.js';
export { configDigest } from './digest.js';
export { formatConfig } from './format.js';
