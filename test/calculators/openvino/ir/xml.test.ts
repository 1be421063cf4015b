import { expect } from 'chai';
import { IrError } from '../../../../calculators/openvino/ir/index.js';
import { attributeOf, formatElement, parseXml } from '../../../../calculators/openvino/ir/xml.js';

describe('IR XML parser', () => {
  it('reads elements, quoted attributes, entities, text, comments and CDATA', () => {
    const root = parseXml(`<?xml version="1.0"?>\n<!-- header --><net a='1' b="x &amp; &lt;y&gt; &#65;&#x42;">
      <dim> 3 </dim><empty/><!-- inside --><raw><![CDATA[<not a tag>]]></raw></net>\n<!-- trailer -->`);
    expect(root.name).to.equal('net');
    expect(root.attributes).to.deep.equal([['a', '1'], ['b', 'x & <y> AB']]);
    expect(root.children.map((child) => [child.name, child.text])).to.deep.equal([['dim', '3'], ['empty', ''], ['raw', '<not a tag>']]);
    expect(attributeOf(root, 'a')).to.equal('1');
  });

  it('escapes what it writes so that it reads back', () => {
    const element = { name: 'attribute', attributes: [['value', `a"b'<&>`]] as [string, string][], children: [], text: '' };
    expect(parseXml(formatElement(element, '')).attributes).to.deep.equal([['value', `a"b'<&>`]]);
  });

  it('reports malformed documents with an offset', () => {
    for (const [text, message] of [
      ['<a><b></a>', /end tag <\/a> does not match <b>/], ['<a>', /unclosed <a>/], ['<a x=1/>', /malformed attributes in <a>/],
      ['<a/><b/>', /content after the root element/], ['<!-- open', /unterminated comment/], ['<a>&bogus;</a>', /unknown XML entity/],
    ] as const) {
      expect(() => parseXml(text), text).to.throw(IrError, message);
    }
  });
});
