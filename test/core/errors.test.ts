import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldText, mention, nameField, SpecError, type FieldNames } from '../../src/core/errors';

const names: FieldNames = [
  ['table', ''],
  ['table.name', 'parentTable'],
  ['table.indexes[].storageParameters', 'indexes[].storage_parameters'],
  ['retention.keepFor', 'retention (archiveAfterWindows keepFor)'],
  ['layouts[0].groups', 'activityGroups'],
];

describe('nameField', () => {
  it('renames by the longest matching prefix, keeping the rest of the path', () => {
    assert.equal(nameField('table.name', names), 'parentTable');
    assert.equal(nameField('table.columns[2].type', names), 'columns[2].type');
    assert.equal(nameField('table.indexes[3].storageParameters.fillfactor', names), 'indexes[3].storage_parameters.fillfactor');
    assert.equal(nameField('retention.keepFor', names), 'retention (archiveAfterWindows keepFor)');
    assert.equal(nameField('layouts[0].groups[4].values', names), 'activityGroups[4].values');
  });

  it('keeps a path no entry matches, and matches whole segments only', () => {
    assert.equal(nameField('layouts[1].groups[0]', names), 'layouts[1].groups[0]');
    assert.equal(nameField('tables.name', names), 'tables.name');
    assert.equal(nameField('premake', names), 'premake');
  });
});

describe('SpecError.named', () => {
  it('renames the field and the fields its problem and fix mention, and nothing else', () => {
    const err = new SpecError(
      'table.columns[4].name',
      fieldText`"table.name" is already ${mention('table.columns[3]')}`,
      fieldText`rename it; table.name stays as written, ${mention('table.name')} does not`,
    );
    assert.equal(err.message, 'table.columns[4].name: "table.name" is already table.columns[3]; rename it; table.name stays as written, table.name does not');
    const named = err.named(names);
    assert.equal(named.message, 'columns[4].name: "table.name" is already columns[3]; rename it; table.name stays as written, parentTable does not');
    assert.deepEqual([named.field, named.problem, named.fix], ['columns[4].name', '"table.name" is already columns[3]', 'rename it; table.name stays as written, parentTable does not']);
  });
});
