// Data source pgpartition_partitions against the real terraform and a real PostgreSQL (src/provider/data-sources/partitions.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertOk } from '../support/terraform';
import { PROVIDER_HCL, parentHcl, startFixture, windowHcl, type ProviderFixture } from './support/fixture';

describe('pgpartition_partitions', () => {
  let f: ProviderFixture;
  before(async () => {
    f = await startFixture();
  });
  after(async () => f?.stop());

  it('lists the live windows with bounds, sub-partitions, rows, bytes and ownership', async () => {
    const tf = await f.workdir(PROVIDER_HCL + parentHcl('listed', { defaultPartition: true }) + windowHcl('listed', '2030-01-07'));
    assertOk(await tf.init());
    assertOk(await tf.apply());
    await f.admin.query(`CREATE TABLE listed_2030_01_14 PARTITION OF listed FOR VALUES FROM ('2030-01-14T00:00:00Z') TO ('2030-01-21T00:00:00Z')`);
    await f.admin.query(`INSERT INTO listed VALUES ('2030-01-08T00:00:00Z', 'a1', 1), ('2030-01-08T01:00:00Z', 'zz', 2), ('2031-01-01T00:00:00Z', 'a1', 3)`);
    tf.write('data.tf', `
data "pgpartition_partitions" "all" {
  parent_table = "listed"
  depends_on   = [pgpartition_window.listed_2030_01_07]
}
output "partitions" { value = data.pgpartition_partitions.all.partitions }
output "default_rows" { value = data.pgpartition_partitions.all.default_partition_rows }
`);
    assertOk(await tf.apply());
    const out = JSON.parse(assertOk(await tf.run('output', '-json')).stdout);
    assert.deepEqual(out.partitions.value, [
      {
        name: 'listed_2030_01_07', from: '2030-01-07T00:00:00Z', to: '2030-01-14T00:00:00Z',
        sub_partitions: ['listed_2030_01_07_a', 'listed_2030_01_07_b', 'listed_2030_01_07_default'],
        row_estimate: 2, size_bytes: out.partitions.value[0].size_bytes, managed: true,
      },
      {
        name: 'listed_2030_01_14', from: '2030-01-14T00:00:00Z', to: '2030-01-21T00:00:00Z',
        sub_partitions: [], row_estimate: 0, size_bytes: out.partitions.value[1].size_bytes, managed: false,
      },
    ]);
    assert.ok(out.partitions.value[0].size_bytes > 0);
    assert.equal(out.default_rows.value, 1);
  });

  it('fails naming the table when the parent does not exist', async () => {
    const tf = await f.workdir(PROVIDER_HCL + `data "pgpartition_partitions" "none" { parent_table = "nowhere" }\n`);
    assertOk(await tf.init());
    const plan = await tf.plan();
    assert.equal(plan.code, 1);
    assert.match(plan.stderr, /public\.nowhere does not exist or is not partitioned/);
  });
});
