// The tray icon: Electron glue around tray-model.ts. The menu is rebuilt only when what it shows changes.
import type { Menu as MenuType, MenuItemConstructorOptions, NativeImage, Tray as TrayType } from 'electron';
import { join } from 'node:path';
import { sameTrayModel, type TrayAction, type TrayModel } from './tray-model';

export interface TrayPorts {
  Tray: new (image: NativeImage) => TrayType;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): MenuType };
  nativeImage: { createFromPath(path: string): NativeImage };
  platform: NodeJS.Platform;
  /** resources/ (tray*.png). */
  resourcesDir: string;
  onAction: (action: TrayAction) => void;
}

export interface AppTray {
  update(model: TrayModel): void;
  destroy(): void;
}

export function menuTemplate(model: TrayModel, onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return model.items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    if (item.type === 'info') return { id: item.id, label: item.label, enabled: false };
    return { id: item.action, label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
  });
}

export function createAppTray(ports: TrayPorts): AppTray {
  const icon = (variant: TrayModel['icon']) => {
    // macOS draws template images in the menu bar's colours; elsewhere a coloured icon reads better.
    const name = ports.platform === 'darwin' ? 'trayTemplate.png' : variant === 'attention' ? 'tray-attention.png' : 'tray.png';
    return ports.nativeImage.createFromPath(join(ports.resourcesDir, name));
  };
  const tray = new ports.Tray(icon('normal'));
  let shown: TrayModel | null = null;
  // Linux (AppIndicator) shows the menu on click; elsewhere a left click opens the window.
  if (ports.platform !== 'linux') tray.on('click', () => ports.onAction('open'));
  return {
    update(model) {
      if (sameTrayModel(shown, model)) return;
      if (!shown || shown.icon !== model.icon) tray.setImage(icon(model.icon));
      shown = model;
      tray.setToolTip(model.tooltip);
      tray.setContextMenu(ports.Menu.buildFromTemplate(menuTemplate(model, ports.onAction)));
    },
    destroy() {
      tray.destroy();
    },
  };
}
