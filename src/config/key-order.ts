import configSchema from '../../schemas/groupform.schema.json' with { type: 'json' };

// Key order comes from the schema's property order: one definition of the shape.
const defs = configSchema.$defs;
export const KEY_ORDER = {
  root: Object.keys(configSchema.properties),
  defaults: Object.keys(configSchema.properties.defaults.properties),
  descope: Object.keys(defs.descopeProvider.properties),
  scim: Object.keys(defs.scimProvider.properties),
  safety: Object.keys(defs.safety.properties),
  http: Object.keys(defs.http.properties),
  tenant: Object.keys(defs.tenant.properties),
  group: Object.keys(defs.group.properties),
  template: Object.keys(defs.template.properties),
};
