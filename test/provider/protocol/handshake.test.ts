// Spawns the bundled echo provider the way terraform does and checks go-plugin's handshake and AutoMTLS.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { X509Certificate } from 'node:crypto';
import { credentials, makeGenericClientConstructor, type Client } from '@grpc/grpc-js';
import { createServerCertificate, type ServerCertificate } from '../../../src/provider/protocol/certificate';
import { controllerService, providerService, type Message } from '../../../src/provider/protocol/services';
import { decodeMsgpack } from '../../../src/provider/protocol/codec';
import { installOnce } from '../../support/terraform';

const ECHO_ENTRY = 'test/fixtures/echo-provider/main.ts';
const COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

interface Started {
  readonly child: ChildProcess;
  readonly line: string;
}

async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const { executable } = await installOnce(ECHO_ENTRY);
  const child = spawn(executable, [], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  while (!out.includes('\n')) {
    const [exitCode] = await Promise.race([once(child.stdout!, 'data'), once(child, 'exit')]);
    if (typeof exitCode === 'number') break;
  }
  return { child, line: out.split('\n')[0] };
}

function call(client: Client, method: string, request: Message): Promise<Message> {
  return new Promise((resolve, reject) =>
    (client as any)[method](request, (err: Error | null, response: Message) => (err ? reject(err) : resolve(response))),
  );
}

function clientFor(line: string, service: ReturnType<typeof providerService>, identity: ServerCertificate | undefined): Client {
  const [, , , address, , der] = line.split('|');
  const serverPem = new X509Certificate(Buffer.from(der, 'base64')).toString();
  const Ctor = makeGenericClientConstructor(service, 'x');
  const creds = identity
    ? credentials.createSsl(Buffer.from(serverPem), Buffer.from(identity.keyPem), Buffer.from(identity.certPem))
    : credentials.createSsl(Buffer.from(serverPem));
  return new Ctor(address, creds, { 'grpc.ssl_target_name_override': 'localhost' });
}

describe('provider handshake', () => {
  let terraformIdentity: ServerCertificate; // stands in for terraform's client certificate
  let provider: Started;

  before(async () => {
    terraformIdentity = await createServerCertificate();
    provider = await start({
      TF_PLUGIN_MAGIC_COOKIE: COOKIE,
      PLUGIN_PROTOCOL_VERSIONS: '5,6',
      PLUGIN_CLIENT_CERT: terraformIdentity.certPem,
    });
  });

  after(() => {
    provider.child.kill();
  });

  it('writes 1|6|tcp|127.0.0.1:PORT|grpc|CERT as its first stdout line', () => {
    assert.match(provider.line, /^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/);
    const der = provider.line.split('|')[5];
    const cert = new X509Certificate(Buffer.from(der, 'base64'));
    assert.equal(cert.subjectAltName, 'DNS:localhost');
    assert.match(cert.publicKey.asymmetricKeyDetails?.namedCurve ?? '', /prime256v1/);
  });

  it('serves GetProviderSchema with plan_destroy to a client holding the certificate terraform passed', async () => {
    const client = clientFor(provider.line, providerService(), terraformIdentity);
    const schema = await call(client, 'GetProviderSchema', {});
    client.close();
    assert.equal(schema.server_capabilities.plan_destroy, true);
    assert.equal(schema.server_capabilities.get_provider_schema_optional, true);
    const echo = schema.resource_schemas.pgpartition_echo;
    assert.equal(echo.version, 1);
    const name = echo.block.attributes.find((a: Message) => a.name === 'name');
    assert.deepEqual([JSON.parse(name.type.toString()), name.required], ['string', true]);
    const token = schema.provider.block.attributes.find((a: Message) => a.name === 'token');
    assert.equal(token.sensitive, true);
    const objects = schema.data_source_schemas.pgpartition_echo_list.block.attributes.find((a: Message) => a.name === 'objects');
    assert.deepEqual(JSON.parse(objects.type.toString()), ['set', ['object', { name: 'string', mode: 'string' }]]);
  });

  it('fails a call from a client without a certificate, or with another one', async () => {
    const anonymous = clientFor(provider.line, providerService(), undefined);
    await assert.rejects(call(anonymous, 'GetProviderSchema', {}), /UNAVAILABLE|certificate|handshake/i);
    anonymous.close();
    const stranger = clientFor(provider.line, providerService(), await createServerCertificate());
    await assert.rejects(call(stranger, 'GetProviderSchema', {}), /UNAVAILABLE|certificate|handshake|unknown ca/i);
    stranger.close();
  });

  it('plans a create in msgpack after ConfigureProvider: default applied, computed id unknown', async () => {
    const client = clientFor(provider.line, providerService(), terraformIdentity);
    const type: any = ['object', { name: 'string', mode: 'string', note: 'string', id: 'string' }];
    const configure = await call(client, 'ConfigureProvider', {
      config: { msgpack: Buffer.from('82a973746f72655f646972a42f746d70a5746f6b656ec0', 'hex') }, // {store_dir:"/tmp",token:nil}
    });
    assert.deepEqual(configure.diagnostics, []);
    const config = Buffer.from('84a26964c0a46d6f6465c0a46e616d65a378797aa46e6f7465c0', 'hex'); // {id: nil, mode: nil, name: "xyz", note: nil}
    const plan = await call(client, 'PlanResourceChange', {
      type_name: 'pgpartition_echo',
      prior_state: { msgpack: Buffer.from('c0', 'hex') },
      proposed_new_state: { msgpack: config },
      config: { msgpack: config },
    });
    client.close();
    assert.deepEqual(plan.diagnostics, []);
    const planned = decodeMsgpack(plan.planned_state.msgpack, type) as Message;
    assert.equal(planned.mode, 'drop'); // default
    assert.equal(typeof planned.id, 'symbol'); // computed: unknown on create
  });

  it('exits when terraform calls plugin.GRPCController/Shutdown', async () => {
    const client = clientFor(provider.line, controllerService(), terraformIdentity);
    const exited = once(provider.child, 'exit');
    await call(client, 'Shutdown', {}).catch(() => undefined); // the process may exit before the answer arrives
    client.close();
    const [code] = await exited;
    assert.equal(code, 0);
  });

  it('fails with an explanation when run by hand, without the magic cookie', async () => {
    const { executable } = await installOnce(ECHO_ENTRY);
    const child = spawn(executable, [], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /terraform starts it, not you/);
  });
});
