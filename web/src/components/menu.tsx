// A menu behind a button (the user menu, the ellipsis beside each key), with the keyboard
// behaviour of the WAI-ARIA menu button: Enter, Space or the arrow keys open it, the arrow keys,
// Home and End move, Escape closes and returns to the button, Tab leaves.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { navigate } from '../lib/router';

export interface MenuItem {
  label: string;
  href?: string;
  onSelect?: () => void;
  danger?: boolean;
}

export interface MenuSection {
  heading?: string;
  items: MenuItem[];
}

interface MenuProps {
  label: string;  // the button's accessible name
  button: ComponentChildren;
  buttonClass?: string;
  sections: MenuSection[];
  header?: ComponentChildren;
}

export function Menu({ label, button, buttonClass, sections, header }: MenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  // The item to focus once the menu is on screen; null when nothing is waiting.
  const focusOnOpen = useRef<number | null>(null);
  const menuId = useId();
  const items = () => [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const focusItem = (index: number) => {
    const all = items();
    if (all.length) all[(index + all.length) % all.length].focus();
  };

  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  // Focus moves in the commit that shows the menu, before the browser paints it, so a key
  // pressed as soon as the menu is visible already reaches the menu.
  useLayoutEffect(() => {
    if (!open || focusOnOpen.current === null) return;
    focusItem(focusOnOpen.current);
    focusOnOpen.current = null;
  }, [open]);

  const openAt = (index: number) => {
    focusOnOpen.current = index;
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };
  const select = (item: MenuItem) => {
    close(true);
    if (item.href) navigate(item.href);
    item.onSelect?.();
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown') focusItem(at + 1);
    else if (e.key === 'ArrowUp') focusItem(at - 1);
    else if (e.key === 'Home') focusItem(0);
    else if (e.key === 'End') focusItem(-1);
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') close(false);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  };

  return (
    <div class="menu" ref={root}>
      <button
        ref={trigger}
        type="button"
        class={buttonClass ?? 'button'}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={label}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            openAt(0);
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            openAt(-1);
          }
        }}
      >
        {button}
      </button>
      {open && (
        <div class="menu-popup" id={menuId} role="menu" aria-label={label} onKeyDown={onMenuKey}>
          {header && <div class="menu-header">{header}</div>}
          {sections.map((section, s) => (
            <div class="menu-section" role="group" aria-label={section.heading} key={s}>
              {section.heading && (
                <p class="menu-heading" aria-hidden="true">
                  {section.heading}
                </p>
              )}
              {section.items.map((item) =>
                item.href ? (
                  <a
                    key={item.label}
                    role="menuitem"
                    tabIndex={-1}
                    href={item.href}
                    class="menu-item"
                    onClick={(e) => {
                      if (e.metaKey || e.ctrlKey || e.shiftKey) return;
                      e.preventDefault();
                      select(item);
                    }}
                  >
                    {item.label}
                  </a>
                ) : (
                  <button
                    key={item.label}
                    type="button"
                    role="menuitem"
                    tabIndex={-1}
                    class={`menu-item ${item.danger ? 'menu-item-danger' : ''}`}
                    onClick={() => select(item)}
                  >
                    {item.label}
                  </button>
                ),
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
