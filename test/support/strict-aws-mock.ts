/**
 * aws-sdk-client-mock stubs that answer only the inputs a test gave an answer for: a call that no
 * `.on(Command, input)` matches is refused,
 * naming the command and its input, instead of resolving to `undefined` (the library's default, which
 * lets code that forgets the endpoint ID or a filter pass). https://github.com/m-radzikowski/aws-sdk-client-mock
 * ("on ... input", partial matching with sinon.match).
 */
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";

export function strictMockClient<TClient>(client: { prototype: TClient }): AwsClientStub<TClient> {
  const mock = mockClient(client as Parameters<typeof mockClient>[0]) as AwsClientStub<TClient> & ReturnType<typeof mockClient>;
  const refuseUnmatched = () =>
    mock.send.callsFake((command: { constructor: { name: string }; input: unknown }) =>
      Promise.reject(new Error(`unexpected ${command.constructor.name} ${JSON.stringify(command.input)}: no mocked answer matches this input`)),
    );
  refuseUnmatched();
  // reset() replaces the sinon stub, and with it the refusal.
  const reset = mock.reset.bind(mock);
  mock.reset = () => {
    reset();
    refuseUnmatched();
    return mock;
  };
  return mock;
}
