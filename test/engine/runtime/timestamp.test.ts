/**
 * @module test/engine/runtime/timestamp.test
 * Timestamps and packets: MediaPipe's special values, bound arithmetic and immutability.
 */
import { expect } from 'chai';
import { Packet, Timestamp } from '../../../engine/index.js';

describe('Timestamp (MediaPipe timestamp.h rules)', () => {
  it('orders the special values around the range', () => {
    const order = [Timestamp.Unset, Timestamp.Unstarted, Timestamp.PreStream, Timestamp.Min, Timestamp.of(0),
      Timestamp.Max, Timestamp.PostStream, Timestamp.OneOverPostStream, Timestamp.Done];
    expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
  });

  it('refuses special values and non-integers as range values', () => {
    expect(() => Timestamp.of(Timestamp.Done)).to.throw(RangeError);
    expect(() => Timestamp.of(1.5)).to.throw(RangeError);
  });

  it('computes the next and previous allowed timestamps with the special cases', () => {
    expect(Timestamp.nextAllowedInStream(Timestamp.of(5))).to.equal(6);
    expect(Timestamp.nextAllowedInStream(Timestamp.PreStream)).to.equal(Timestamp.OneOverPostStream);
    expect(Timestamp.nextAllowedInStream(Timestamp.Max)).to.equal(Timestamp.OneOverPostStream);
    expect(Timestamp.nextAllowedInStream(Timestamp.Unstarted)).to.equal(Timestamp.Min);
    expect(Timestamp.previousAllowedInStream(Timestamp.of(5))).to.equal(4);
    expect(Timestamp.previousAllowedInStream(Timestamp.Min)).to.equal(Timestamp.Unstarted);
    expect(Timestamp.previousAllowedInStream(Timestamp.PostStream)).to.equal(Timestamp.Unstarted);
    expect(Timestamp.previousAllowedInStream(Timestamp.Done)).to.equal(Timestamp.Max);
  });

  it('clamps arithmetic to [Min, Max] and leaves specials alone', () => {
    expect(Timestamp.add(Timestamp.Max, 10)).to.equal(Timestamp.Max);
    expect(Timestamp.add(Timestamp.Min, -10)).to.equal(Timestamp.Min);
    expect(Timestamp.add(Timestamp.Done, -10)).to.equal(Timestamp.Done);
    expect(Timestamp.toString(Timestamp.Done)).to.equal('Timestamp::Done()');
  });
});

describe('Packet', () => {
  it('is immutable and re-stamps without copying the value', () => {
    const value = { big: new Uint8Array(4) };
    const packet = Packet.of(value, Timestamp.of(3));
    const moved = packet.at(Timestamp.of(7));
    expect(moved.value).to.equal(value);
    expect([packet.timestamp, moved.timestamp]).to.deep.equal([3, 7]);
    expect(Object.isFrozen(packet)).to.equal(true);
  });

  it('an empty packet has no value', () => {
    const empty = Packet.empty(Timestamp.of(1));
    expect(empty.isEmpty()).to.equal(true);
    expect(() => empty.value).to.throw(/empty packet/);
  });
});
