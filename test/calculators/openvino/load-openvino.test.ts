/**
 * @module test/calculators/openvino/load-openvino.test
 * loadOpenVino: finding the runtime in .venv or a given folder, and the errors when it is missing.
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import {
  loadOpenVino, NODE_NOT_FOUND_MESSAGE, NOT_FOUND_MESSAGE, OpenVinoNotFoundError,
} from '../../../calculators/openvino/index.js';

describe('loadOpenVino', () => {
  it('finds libopenvino_c in the project .venv without any environment', () => {
    const ov = loadOpenVino();
    expect(ov.binding).to.equal('c');
    expect(ov.libraryPath).to.match(/\/\.venv\/lib\/python[^/]+\/site-packages\/openvino\/libs\/libopenvino_c\.so\.\d+$/);
    expect(existsSync(ov.libraryPath)).to.equal(true);
  });

  it('reports the OpenVINO build number, matching the soname of the library', () => {
    const ov = loadOpenVino({ binding: 'c' });
    const match = /^(\d{4})\.(\d+)\.(\d+)-/.exec(ov.version);
    expect(match, ov.version).to.not.equal(null);
    // soname = version without the leading "20" (2026.4.1 → .2641)
    const [, year, minor, patch] = match ?? [];
    expect(ov.libraryPath.endsWith(`.so.${year?.slice(2)}${minor}${patch}`)).to.equal(true);
  });

  it('loads from an explicit libDir (what OPENVINO_LIB_DIR sets)', () => {
    const fromVenv = loadOpenVino();
    const libDir = fromVenv.libraryPath.slice(0, fromVenv.libraryPath.lastIndexOf('/'));
    const ov = loadOpenVino({ binding: 'c', libDir });
    expect(ov.libraryPath).to.equal(fromVenv.libraryPath);
    expect(ov.version).to.equal(fromVenv.version);
  });

  it('fails with OpenVinoNotFoundError listing where it looked when libDir has no library', () => {
    const load = () => loadOpenVino({ binding: 'c', libDir: '/nonexistent/openvino' });
    expect(load).to.throw(OpenVinoNotFoundError);
    try {
      load();
    } catch (error) {
      const notFound = error as OpenVinoNotFoundError;
      expect(notFound.searched).to.deep.equal(['/nonexistent/openvino (no libopenvino_c)']);
      expect(notFound.message).to.contain(NOT_FOUND_MESSAGE).and.to.contain('/nonexistent/openvino');
    }
  });

  it('auto lists what both bindings tried when neither loads', () => {
    try {
      loadOpenVino({ binding: 'auto', libDir: '/nonexistent/openvino' });
      expect.fail('expected OpenVinoNotFoundError');
    } catch (error) {
      expect(error).to.be.instanceOf(OpenVinoNotFoundError);
      const { searched, message } = error as OpenVinoNotFoundError;
      expect(searched[0]).to.equal('/nonexistent/openvino (no libopenvino_c)');
      expect(searched[1]).to.contain('openvino-node');
      expect(message).to.contain(NOT_FOUND_MESSAGE).and.to.contain(NODE_NOT_FOUND_MESSAGE);
    }
  });

  it('fails cleanly for the openvino-node binding, whose native runtime is not installed here', () => {
    try {
      loadOpenVino({ binding: 'node' });
      expect.fail('expected OpenVinoNotFoundError');
    } catch (error) {
      expect(error).to.be.instanceOf(OpenVinoNotFoundError);
      const { searched, message } = error as OpenVinoNotFoundError;
      expect(message).to.contain(NODE_NOT_FOUND_MESSAGE);
      expect(searched.join('\n')).to.contain('ov_node_addon.node');
    }
  });
});
