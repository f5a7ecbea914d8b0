// react-aria's usePress adds a <style> element to <head> (touch-action on pressable elements) the
// first time a pressable mounts; the app's CSP (style-src 'self') blocks it and the browser logs a
// CSP error on every page with a react-aria button. An element with the id it looks for stops the
// insertion; leave-actions.css carries the same rule from a stylesheet instead.
const STYLE_ID = 'react-aria-pressable-style'

if (typeof document !== 'undefined' && !document.getElementById(STYLE_ID)) {
  const marker = document.createElement('meta')
  marker.id = STYLE_ID
  document.head.append(marker)
}

export {}
