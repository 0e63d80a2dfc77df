/**
 * Splices the generated `<interface>`/`<hostdev>` elements into a base
 * libvirt domain. Pure: text in, text out.
 *
 * The launcher receives the rest of the domain (disks, serial, memory) from
 * elsewhere (in KubeVirt, the converter); virtnet owns only the network
 * devices. A device of the base with the same alias as a generated one is
 * replaced (so a base rendered with placeholder NICs, or re-merged, does not
 * end up with two), everything else is kept byte for byte: comments, order,
 * formatting, elements virtnet does not know. No XML library is needed for
 * that: a scanner that understands tags, quoted attribute values, comments,
 * CDATA and processing instructions finds the direct children of `<devices>`,
 * and only whole elements are cut or inserted.
 */
import { ValidationError } from '../core/errors.js';
import { QEMU_XML_NAMESPACE, toQemuCommandlineXml } from './interface-xml.js';

interface Token {
  kind: 'start' | 'end' | 'empty' | 'other';
  /** element name (start/end/empty) */
  name: string;
  start: number;
  /** index after the token's last character */
  end: number;
}

/** Every markup token of `xml` in document order; text between tokens is skipped. */
function* tokens(xml: string): Generator<Token> {
  let i = 0;
  while (i < xml.length) {
    const open = xml.indexOf('<', i);
    if (open === -1) return;
    const skipTo = (terminator: string): number => {
      const at = xml.indexOf(terminator, open);
      if (at === -1) throw new ValidationError('domain', `failed to parse the base domain XML: "${xml.slice(open, open + 20)}" at offset ${open} is not closed`);
      return at + terminator.length;
    };
    if (xml.startsWith('<!--', open)) {
      i = skipTo('-->');
      yield { kind: 'other', name: '', start: open, end: i };
      continue;
    }
    if (xml.startsWith('<![CDATA[', open)) {
      i = skipTo(']]>');
      yield { kind: 'other', name: '', start: open, end: i };
      continue;
    }
    if (xml.startsWith('<?', open) || xml.startsWith('<!', open)) {
      i = skipTo('>');
      yield { kind: 'other', name: '', start: open, end: i };
      continue;
    }
    // A tag: find its closing '>' outside quoted attribute values.
    let j = open + 1;
    let quote = '';
    for (; j < xml.length; j++) {
      const c = xml[j];
      if (quote !== '') {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '>') {
        break;
      }
    }
    if (j >= xml.length) throw new ValidationError('domain', `failed to parse the base domain XML: the tag at offset ${open} is not closed`);
    const body = xml.slice(open + 1, j);
    const name = /^\/?\s*([^\s/>]+)/.exec(body)?.[1] ?? '';
    const kind = body.startsWith('/') ? 'end' : body.endsWith('/') ? 'empty' : 'start';
    i = j + 1;
    yield { kind, name, start: open, end: i };
  }
}

interface Element {
  name: string;
  start: number;
  end: number;
  /** for a non-empty element: where its content starts and its end tag begins */
  contentStart: number;
  contentEnd: number;
}

/** The top-level elements under the element that starts at token `parent` (inclusive of nesting). */
function childrenOf(xml: string, parent: Element): Element[] {
  const children: Element[] = [];
  const stack: { name: string; start: number; contentStart: number }[] = [];
  for (const tok of tokens(xml.slice(parent.contentStart, parent.contentEnd))) {
    const start = parent.contentStart + tok.start;
    const end = parent.contentStart + tok.end;
    if (tok.kind === 'start') stack.push({ name: tok.name, start, contentStart: end });
    else if (tok.kind === 'empty' && stack.length === 0) children.push({ name: tok.name, start, end, contentStart: end, contentEnd: end });
    else if (tok.kind === 'end') {
      const open = stack.pop();
      if (open === undefined || open.name !== tok.name) {
        throw new ValidationError('domain', `failed to parse the base domain XML: "</${tok.name}>" at offset ${start} closes ${open === undefined ? 'nothing' : `"<${open.name}>"`}`);
      }
      if (stack.length === 0) children.push({ name: open.name, start: open.start, end, contentStart: open.contentStart, contentEnd: start });
    }
  }
  if (stack.length > 0) throw new ValidationError('domain', `failed to parse the base domain XML: "<${stack[stack.length - 1]!.name}>" is not closed`);
  return children;
}

/** The document element. */
function rootElement(xml: string): Element {
  const whole = { name: '', start: 0, end: xml.length, contentStart: 0, contentEnd: xml.length };
  const roots = childrenOf(xml, whole);
  if (roots.length !== 1 || roots[0]!.name !== 'domain') {
    throw new ValidationError('domain', `failed to parse the base domain XML: expected one <domain> root element, found ${roots.map((r) => `<${r.name}>`).join(', ') || 'none'}`);
  }
  return roots[0]!;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  if (match === null) return undefined;
  return (match[1] ?? match[2] ?? '').replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** `<alias name="…">` of a device element (its direct child), if any. */
export function deviceAlias(deviceXml: string): string | undefined {
  const device = childrenOf(deviceXml, { name: '', start: 0, end: deviceXml.length, contentStart: 0, contentEnd: deviceXml.length })[0];
  if (device === undefined) return undefined;
  const alias = childrenOf(deviceXml, device).find((c) => c.name === 'alias');
  return alias === undefined ? undefined : attribute(deviceXml.slice(alias.start, alias.contentStart), 'name');
}

/** The `<name>` of a domain. */
export function domainName(domainXml: string): string {
  const root = rootElement(domainXml);
  const name = childrenOf(domainXml, root).find((c) => c.name === 'name');
  const text = name === undefined ? '' : domainXml.slice(name.contentStart, name.contentEnd).trim();
  if (text === '') throw new ValidationError('domain', 'failed to find the domain name: the base domain XML has no <name>');
  return text;
}

/** Indentation (spaces/tabs) of the line `at` is on. */
function lineIndent(xml: string, at: number): string {
  const lineStart = xml.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(xml.slice(lineStart, at))?.[0] ?? '';
}

function indentBlock(block: string, indent: string): string {
  return block
    .trim()
    .split('\n')
    .map((line) => `${indent}${line}`)
    .join('\n');
}

/**
 * `baseXml` with `devicesXml` (whole `<interface>`/`<hostdev>` elements) as the
 * last children of `<devices>`; base devices carrying one of their aliases are
 * removed. A base without `<devices>` gets one.
 */
export function mergeDomainDevices(baseXml: string, devicesXml: readonly string[]): string {
  const root = rootElement(baseXml);
  const aliases = new Set<string>();
  for (const device of devicesXml) {
    const alias = deviceAlias(device);
    if (alias === undefined) throw new ValidationError('devices', `failed to merge device "${device.trim().split('\n')[0]}": it has no <alias>`);
    if (aliases.has(alias)) throw new ValidationError('devices', `failed to merge devices: alias "${alias}" appears twice`);
    aliases.add(alias);
  }
  const devicesList = childrenOf(baseXml, root).filter((c) => c.name === 'devices');
  if (devicesList.length > 1) throw new ValidationError('domain', 'failed to merge devices: the base domain XML has more than one <devices>');
  const rootIndent = lineIndent(baseXml, root.start);
  const childIndent = `${rootIndent}  `;
  const devices = devicesList[0];
  if (devices === undefined || devices.contentStart === devices.contentEnd) {
    // No <devices>, or <devices/>: write a whole new one.
    const inner = devicesXml.map((d) => indentBlock(d, `${childIndent}  `)).join('\n');
    const block = `<devices>\n${inner}\n${childIndent}</devices>`;
    if (devices !== undefined) return `${baseXml.slice(0, devices.start)}${block}${baseXml.slice(devices.end)}`;
    const closeAt = root.contentEnd;
    return `${baseXml.slice(0, closeAt).trimEnd()}\n${childIndent}${block}\n${rootIndent}${baseXml.slice(closeAt)}`;
  }

  const replaced = childrenOf(baseXml, devices).filter((child) => {
    if (child.name !== 'interface' && child.name !== 'hostdev') return false;
    const alias = deviceAlias(baseXml.slice(child.start, child.end));
    return alias !== undefined && aliases.has(alias);
  });
  let out = '';
  let from = 0;
  for (const child of replaced) {
    // Take the whole line the element was on, so no blank line is left behind.
    const lineStart = baseXml.lastIndexOf('\n', child.start - 1);
    const onOwnLine = /^[ \t]*$/.test(baseXml.slice(lineStart + 1, child.start));
    const cut = onOwnLine && lineStart >= from ? lineStart : child.start;
    out += baseXml.slice(from, cut);
    from = child.end;
  }
  const closeAt = devices.contentEnd;
  const before = `${out}${baseXml.slice(from, closeAt)}`.trimEnd();
  const deviceIndent = `${lineIndent(baseXml, devices.start)}  `;
  const added = devicesXml.map((d) => `\n${indentBlock(d, deviceIndent)}`).join('');
  return `${before}${added}\n${lineIndent(baseXml, devices.start)}${baseXml.slice(closeAt)}`;
}

/**
 * `domainXml` with `args` passed to qemu verbatim: `xmlns:qemu` declared on
 * `<domain>` (QEMU_XML_NAMESPACE) and the args appended to its
 * `<qemu:commandline>`, which is made as the last child of `<domain>` when the
 * base has none (libvirt's schema allows one). Devices libvirt cannot express
 * (launcher-managed passt's `-netdev stream`) reach qemu this way.
 */
export function mergeQemuCommandline(domainXml: string, args: readonly string[]): string {
  if (args.length === 0) return domainXml;
  const root = rootElement(domainXml);
  const startTag = domainXml.slice(root.start, root.contentStart);
  const declared = attribute(startTag, 'xmlns:qemu');
  if (declared !== undefined && declared !== QEMU_XML_NAMESPACE) {
    throw new ValidationError('domain', `failed to add qemu arguments: the base domain binds prefix "qemu" to "${declared}", not "${QEMU_XML_NAMESPACE}"`);
  }
  const rendered = toQemuCommandlineXml(args);
  const existing = childrenOf(domainXml, root).find((c) => c.name === 'qemu:commandline');
  let out: string;
  if (existing !== undefined && existing.contentStart !== existing.contentEnd) {
    // Only the <qemu:arg> lines of the rendered block go into the base's own element.
    const argLines = rendered.split('\n').slice(1, -1).map((line) => line.trim()).join('\n');
    const indent = `${lineIndent(domainXml, existing.start)}  `;
    const before = domainXml.slice(0, existing.contentEnd).trimEnd();
    out = `${before}\n${indentBlock(argLines, indent)}\n${lineIndent(domainXml, existing.start)}${domainXml.slice(existing.contentEnd)}`;
  } else {
    const rootIndent = lineIndent(domainXml, root.start);
    const withoutEmpty = existing === undefined ? domainXml : `${domainXml.slice(0, existing.start)}${domainXml.slice(existing.end)}`;
    const closeAt = existing === undefined ? root.contentEnd : root.contentEnd - (existing.end - existing.start);
    out = `${withoutEmpty.slice(0, closeAt).trimEnd()}\n${indentBlock(rendered, `${rootIndent}  `)}\n${rootIndent}${withoutEmpty.slice(closeAt)}`;
  }
  if (declared !== undefined) return out;
  // The root's start tag is unchanged by the edits above, which all come after it.
  const tagEnd = root.contentStart - 1;
  return `${out.slice(0, tagEnd)} xmlns:qemu="${QEMU_XML_NAMESPACE}"${out.slice(tagEnd)}`;
}
