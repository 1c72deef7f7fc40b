import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isJSONRPCRequest, isJSONRPCResultResponse, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { messageOf } from '../errors.ts';

/** JSON-RPC error code for a request AskDB refused or could not be reached for (implementation-defined range). */
const RELAY_ERROR = -32001;

/** The readable part of a failed POST: AskDB's own `{"error": {"message"}}` when it sent one. */
function relayErrorMessage(error: unknown): string {
  const message = messageOf(error);
  const body = /\{.*\}\s*$/s.exec(message)?.[0];
  if (body) {
    try {
      const parsed = JSON.parse(body) as { error?: { message?: string } };
      if (parsed.error?.message) {
        const status = error instanceof StreamableHTTPError ? ` (HTTP ${error.code})` : '';
        return `AskDB refused the request${status}: ${parsed.error.message}`;
      }
    } catch {
      // not JSON: the message as it is
    }
  }
  return `AskDB could not be reached: ${message}`;
}

/**
 * Relays JSON-RPC messages between a local MCP client (stdio) and AskDB's /mcp endpoint, so the tools
 * live in one place, the server. A request the server refuses (a revoked token: 401) is answered to the
 * client as a JSON-RPC error instead of being dropped.
 */
export async function relay(local: Transport, url: URL, token: string): Promise<void> {
  const remote = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const closed = new Promise<void>((resolve) => {
    local.onclose = () => {
      void remote.close();
      resolve();
    };
  });
  local.onmessage = (message: JSONRPCMessage) => {
    remote.send(message).catch((error: unknown) => {
      if (isJSONRPCRequest(message))
        void local.send({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: RELAY_ERROR, message: relayErrorMessage(error) },
        });
      else process.stderr.write(`${relayErrorMessage(error)}\n`);
    });
  };
  remote.onmessage = (message: JSONRPCMessage) => {
    // The protocol version agreed at initialisation goes on every later request.
    if (isJSONRPCResultResponse(message) && typeof message.result.protocolVersion === 'string')
      remote.setProtocolVersion(message.result.protocolVersion);
    void local.send(message);
  };
  remote.onerror = (error) => process.stderr.write(`${relayErrorMessage(error)}\n`);
  await remote.start();
  await local.start();
  await closed;
}
