/**
 * grpc-js service definitions built from the embedded protocol text (./proto.ts) with protobufjs.
 *
 * Messages cross this boundary as plain objects keyed by the proto field names (snake_case, as in
 * tfplugin6.proto): `bytes` are Buffers, `int64` are numbers, enums are their numeric values, absent
 * message fields are undefined.
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import { parse, type Root, type Service, type Type } from 'protobufjs';
import { GO_PLUGIN_PROTO, TFPLUGIN6_PROTO } from './proto';

/** A decoded or to-be-encoded protobuf message. */
export type Message = Record<string, any>;

function root(text: string): Root {
  const parsed = parse(text, { keepCase: true }).root;
  parsed.resolveAll();
  return parsed;
}

function serializer(type: Type): (value: Message) => Buffer {
  return (value) => Buffer.from(type.encode(type.fromObject(value)).finish());
}

function deserializer(type: Type): (bytes: Buffer) => Message {
  return (bytes) => type.toObject(type.decode(bytes), { longs: Number, enums: Number, arrays: true, objects: true });
}

/** Turns one protobufjs service into the shape grpc-js `Server.addService` takes (unary methods only). */
function definition(root: Root, serviceName: string): ServiceDefinition {
  const service = root.lookupService(serviceName) as Service;
  const result: Record<string, ServiceDefinition[string]> = {};
  for (const method of service.methodsArray) {
    const request = root.lookupType(method.resolvedRequestType!.fullName);
    const response = root.lookupType(method.resolvedResponseType!.fullName);
    result[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
      originalName: method.name,
    };
  }
  return result;
}

/** `tfplugin6.Provider`: the methods terraform calls on a provider. */
export function providerService(): ServiceDefinition {
  return definition(root(TFPLUGIN6_PROTO), 'tfplugin6.Provider');
}

/** `plugin.GRPCController`: go-plugin's Shutdown. */
export function controllerService(): ServiceDefinition {
  return definition(root(GO_PLUGIN_PROTO), 'plugin.GRPCController');
}
