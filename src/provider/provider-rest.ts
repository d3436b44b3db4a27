/**
 * Everything the provider process needs only after the handshake line: the resources and data
 * sources (with pg, the catalog and the core), the tfplugin6 server and the protocol services.
 * ./install.ts bundles it apart from ./main.ts (provider-rest.js next to provider.js) and
 * ./protocol/serve.ts loads it once the handshake line is out, so its code is not on the
 * handshake's path (terraform starts the provider 3-5 times per command).
 */
export { provider } from './provider';
export { createProviderServer } from './protocol/server';
export { controllerService, providerService } from './protocol/services';
