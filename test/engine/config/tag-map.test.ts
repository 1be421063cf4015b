/**
 * @module test/engine/config/tag-map.test
 * MediaPipe's TAG:index:name grammar and TagMap rules, error texts included.
 */
import { expect } from 'chai';
import { parseTagIndex, parseTagIndexName, TagMap, TagMapError } from '../../../engine/index.js';

describe('TAG:index:name (MediaPipe tool/validate_name.cc, tool/tag_map.cc)', () => {
  it('parses the three forms', () => {
    expect(parseTagIndexName('frames')).to.deep.equal({ tag: '', index: -1, name: 'frames' });
    expect(parseTagIndexName('VIDEO:frames')).to.deep.equal({ tag: 'VIDEO', index: 0, name: 'frames' });
    expect(parseTagIndexName('VIDEO:2:frames_b')).to.deep.equal({ tag: 'VIDEO', index: 2, name: 'frames_b' });
  });

  const invalid = ['Frames', 'video:x', ':1:x', 'VIDEO:01:x', 'VIDEO:-1:x', 'A:B:C:d', 'VIDEO:', '', '1abc', 'VIDEO:10001:x'];
  for (const entry of invalid) {
    it(`rejects "${entry}" with MediaPipe's message`, () => {
      expect(() => parseTagIndexName(entry)).to.throw(TagMapError, `TAG:index:name is invalid, "${entry}" does not match`);
    });
  }

  it('parses tag_index entries of input_stream_info and sync sets', () => {
    expect(parseTagIndex('')).to.deep.equal({ tag: '', index: 0 });
    expect(parseTagIndex('LOOPBACK')).to.deep.equal({ tag: 'LOOPBACK', index: 0 });
    expect(parseTagIndex('LOOPBACK:0')).to.deep.equal({ tag: 'LOOPBACK', index: 0 });
    expect(parseTagIndex(':3')).to.deep.equal({ tag: '', index: 3 });
    expect(() => parseTagIndex('loopback')).to.throw(TagMapError, 'TAG:index "loopback" is invalid');
  });

  describe('TagMap', () => {
    it('numbers untagged entries in order (auto-indexing)', () => {
      const map = TagMap.create(['a', 'b', 'c']);
      expect([map.name('', 0), map.name('', 1), map.name('', 2)]).to.deep.equal(['a', 'b', 'c']);
      expect(map.count('')).to.equal(3);
    });

    it('accepts indexes out of order and mixed tagged/untagged entries', () => {
      const map = TagMap.create(['A:1:b', 'x', 'A:0:a', 'y']);
      expect(map.name('A', 0)).to.equal('a');
      expect(map.name('A', 1)).to.equal('b');
      expect(map.name('', 1)).to.equal('y');
    });

    it('gives collection ids with "" first, then tags sorted, each a contiguous range', () => {
      const map = TagMap.create(['VIDEO:v', 'AUDIO:1:a1', 'AUDIO:0:a0', 'plain']);
      expect(map.entries.map((e) => `${e.tag}/${e.index}/${e.name}`)).to.deep.equal(['/0/plain', 'AUDIO/0/a0', 'AUDIO/1/a1', 'VIDEO/0/v']);
      expect([map.id('', 0), map.id('AUDIO', 1), map.id('VIDEO', 0), map.id('VIDEO', 1)]).to.deep.equal([0, 2, 3, undefined]);
    });

    it('TAG:name means index 0, so two of them for one tag is a reassignment', () => {
      expect(() => TagMap.create(['A:x', 'A:y'])).to.throw(TagMapError,
        'tag "A" index 0 already had a name "x" but is being reassigned a name "y"');
    });

    it('rejects gaps in the indexes of a tag', () => {
      expect(() => TagMap.create(['T:0:a', 'T:2:c'])).to.throw(TagMapError,
        'Not all indexes were assigned names. Tag "T" has the following: index 0 name "a", index 1 name <missing>, index 2 name "c"');
    });

    it('allows one stream on two ports (a node may read a stream twice)', () => {
      expect(TagMap.create(['A:x', 'B:x']).names).to.deep.equal(['x', 'x']);
    });

    it('reports every problem of a list at once', () => {
      let message = '';
      try {
        TagMap.create(['Bad', 'A:x', 'A:y']);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message.split('\n')).to.have.length(2);
    });

    it('prints MediaPipe\'s canonical entries', () => {
      expect(TagMap.create(['a', 'ONE:b', 'TWO:0:c', 'TWO:1:d']).canonicalEntries()).to.deep.equal(['a', 'ONE:b', 'TWO:0:c', 'TWO:1:d']);
      expect(TagMap.create(['ONE:0:b']).canonicalEntries()).to.deep.equal(['ONE:b']);
    });
  });
});
