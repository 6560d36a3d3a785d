import '../../infra/local/quiet-sdk-warning';
import { startDynamoDbLocal } from '../../infra/local/dynamodb/server';
import { CreateTableCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
const d = await startDynamoDbLocal({ dataDir: '/tmp', inMemory: true });
const c = d.client;
try {
await c.send(new CreateTableCommand({ TableName: 'ttt', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{AttributeName:'pk',AttributeType:'S'},{AttributeName:'sk',AttributeType:'S'}], KeySchema: [{AttributeName:'pk',KeyType:'HASH'},{AttributeName:'sk',KeyType:'RANGE'}] }));
const tx = async (label: string, items: any[]) => console.log(label, JSON.stringify((await c.send(new TransactWriteItemsCommand({ TransactItems: items, ReturnConsumedCapacity: 'INDEXES' }))).ConsumedCapacity));
const big = (n: number) => 'x'.repeat(n);
let k = 0;
const put = (size: number) => ({ Put: { TableName: 'ttt', Item: { pk: { S: `k${k++}` }, sk: { S: '1' }, b: { S: big(size) } } } });
await tx('1x100', [put(100)]);
await tx('2x100', [put(100), put(100)]);
await tx('5x100', [put(100), put(100), put(100), put(100), put(100)]);
await tx('3x3000', [put(3000), put(3000), put(3000)]);
await tx('1x3000+1x100', [put(3000), put(100)]);
await tx('1x100+1x3000', [put(100), put(3000)]);
} finally { await d.stop(); }
