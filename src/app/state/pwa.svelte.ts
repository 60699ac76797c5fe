import { registerSW } from 'virtual:pwa-register';

/** The subset of the (non-standard) beforeinstallprompt event Shelfcast uses. */
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/**
 * Offline support and updates. A new version is announced, never forced: the seller reloads when
 * no import or training is running. "Install" appears when the browser offers it.
 */
class Pwa {
  updateReady = $state(false);
  offlineReady = $state(false);
  canInstall = $state(false);
  private installEvent: InstallPromptEvent | null = null;
  private applyUpdate: ((reload?: boolean) => Promise<void>) | null = null;

  start(): void {
    if (!('serviceWorker' in navigator)) return;
    this.applyUpdate = registerSW({
      onNeedRefresh: () => { this.updateReady = true; },
      onOfflineReady: () => { this.offlineReady = true; },
      onRegisterError: (error) => console.warn('offline support unavailable:', error),
    });
    window.addEventListener('beforeinstallprompt', (event) => {
      event.preventDefault();
      this.installEvent = event as InstallPromptEvent;
      this.canInstall = true;
    });
    window.addEventListener('appinstalled', () => { this.canInstall = false; });
  }

  async install(): Promise<void> {
    if (!this.installEvent) return;
    await this.installEvent.prompt();
    await this.installEvent.userChoice;
    this.installEvent = null;
    this.canInstall = false;
  }

  /** Activates the waiting version and reloads the page. */
  async update(): Promise<void> {
    await this.applyUpdate?.(true);
  }
}

export const pwa = new Pwa();
