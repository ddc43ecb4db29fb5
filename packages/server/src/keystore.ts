/** Opening the encrypted keystore named by the configuration. */
import { FileKeyManager, type KeyManager } from '@trustbridge/keys';

/** Opens (creating when missing) an encrypted file keystore. The passphrase comes from the environment. */
export async function openKeystore(options: { path: string; passphrase: string }): Promise<KeyManager> {
  return FileKeyManager.open({ path: options.path, passphrase: options.passphrase });
}
