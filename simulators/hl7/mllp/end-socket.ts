import type { Socket } from 'node:net';

/** Ends a client connection politely (FIN), and destroys it if the peer has not closed within a second. */
export async function endSocket(socket: Socket | undefined): Promise<void> {
  if (!socket || socket.destroyed) return;
  await new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.end();
    setTimeout(() => socket.destroy(), 1000).unref();
  });
}
