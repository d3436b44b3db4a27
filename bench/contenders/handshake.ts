/**
 * Provider start-to-handshake against a bare node start, both with the environment terraform gives
 * a plugin (../handshake.ts). The client certificate is an ECDSA P-256 certificate made with
 * @peculiar/x509, the kind terraform passes.
 */
import { createServerCertificate } from '../../src/provider/protocol/certificate';
import { once, type ContenderModule } from '../contender';
import { bareNodeOnce, handshakeOnce, pluginEnvironment } from '../handshake';
import { NAMES } from '../steps';

const handshake: ContenderModule = {
  contenders(ctx) {
    const env = once(async () => pluginEnvironment((await createServerCertificate()).certPem));
    // one untimed start first that lives 1.5 s: the file cache, and the provider's V8 code cache,
    // which it writes 500 ms after a first start, as it does under terraform
    const warm = once(async () => void (await handshakeOnce((await ctx.provider()).executable, await env(), 1500)));
    let executable = '';
    let nodeEnv: NodeJS.ProcessEnv = {};
    return [
      {
        step: 'handshake',
        name: NAMES.provider,
        description: 'the installed provider executable (the launcher script terraform starts, which execs node on the bundle), until its go-plugin handshake line `1|6|tcp|127.0.0.1:PORT|grpc|CERT`.',
        setUp: async () => {
          await warm();
          executable = (await ctx.provider()).executable;
        },
        run: async () => handshakeOnce(executable, await env()),
        check: async () => undefined, // handshakeOnce checked the line
      },
      {
        step: 'handshake',
        name: NAMES.nodeBare,
        description: '`node -e` printing one line, with the same environment (NODE_EXTRA_CA_CERTS included when set, which the provider\'s launcher moves aside): what any node process pays.',
        setUp: async () => {
          nodeEnv = await env();
        },
        run: () => bareNodeOnce(nodeEnv),
        check: async () => undefined,
      },
    ];
  },
};

export default handshake;
