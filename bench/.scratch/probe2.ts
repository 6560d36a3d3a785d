import '../../infra/local/quiet-sdk-warning';
import { startDynamoDbLocal } from '../../infra/local/dynamodb/server';
import { CreateTableCommand, PutItemCommand, TransactWriteItemsCommand, GetItemCommand, QueryCommand, UpdateItemCommand, BatchGetItemCommand, TransactGetItemsCommand } from '@aws-sdk/client-dynamodb';
const d = await startDynamoDbLocal({ dataDir: '/tmp', inMemory: true });
const c = d.client;
try {
await c.send(new CreateTableCommand({ TableName: 'ttt', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{AttributeName:'pk',AttributeType:'S'},{AttributeName:'sk',AttributeType:'S'},{AttributeName:'g',AttributeType:'S'}], KeySchema: [{AttributeName:'pk',KeyType:'HASH'},{AttributeName:'sk',KeyType:'RANGE'}], GlobalSecondaryIndexes: [{IndexName:'gsi1', KeySchema:[{AttributeName:'g',KeyType:'HASH'}], Projection:{ProjectionType:'ALL'}}] }));
const big = 'x'.repeat(3000);
for (const rcc of ['TOTAL','INDEXES'] as const) {
console.log('put', JSON.stringify((await c.send(new PutItemCommand({ TableName:'ttt', Item:{pk:{S:'a'},sk:{S:'1'},g:{S:'g'},b:{S:big}}, ReturnConsumedCapacity: rcc }))).ConsumedCapacity));
console.log('put-nogsi', JSON.stringify((await c.send(new PutItemCommand({ TableName:'ttt', Item:{pk:{S:'a'},sk:{S:'2'},b:{S:big}}, ReturnConsumedCapacity: rcc }))).ConsumedCapacity));
console.log('update', JSON.stringify((await c.send(new UpdateItemCommand({ TableName:'ttt', Key:{pk:{S:'a'},sk:{S:'1'}}, UpdateExpression:'SET n = :n', ExpressionAttributeValues:{':n':{N:'1'}}, ReturnConsumedCapacity: rcc }))).ConsumedCapacity));
console.log('tx', JSON.stringify((await c.send(new TransactWriteItemsCommand({ TransactItems:[{Put:{TableName:'ttt', Item:{pk:{S:'b'},sk:{S:'1'},g:{S:'g'}}}},{Put:{TableName:'ttt', Item:{pk:{S:'c'},sk:{S:'1'}}}}], ReturnConsumedCapacity: rcc }))).ConsumedCapacity));
console.log('get', JSON.stringify((await c.send(new GetItemCommand({ TableName:'ttt', Key:{pk:{S:'a'},sk:{S:'1'}}, ReturnConsumedCapacity: rcc }))).ConsumedCapacity));
console.log('get-strong', JSON.stringify((await c.send(new GetItemCommand({ TableName:'ttt', Key:{pk:{S:'a'},sk:{S:'1'}}, ConsistentRead: true, ReturnConsumedCapacity: rcc }))).ConsumedCapacity));
console.log('get-missing', JSON.stringify((await c.send(new GetItemCommand({ TableName:'ttt', Key:{pk:{S:'zz'},sk:{S:'1'}}, ReturnConsumedCapacity: rcc }))).ConsumedCapacity));
console.log('query', JSON.stringify((await c.send(new QueryCommand({ TableName:'ttt', KeyConditionExpression:'pk = :p', ExpressionAttributeValues:{':p':{S:'a'}}, ReturnConsumedCapacity: rcc }))).ConsumedCapacity));
console.log('query-gsi', JSON.stringify((await c.send(new QueryCommand({ TableName:'ttt', IndexName:'gsi1', KeyConditionExpression:'g = :p', ExpressionAttributeValues:{':p':{S:'g'}}, ReturnConsumedCapacity: rcc }))).ConsumedCapacity));
console.log('txget', JSON.stringify((await c.send(new TransactGetItemsCommand({ TransactItems:[{Get:{TableName:'ttt', Key:{pk:{S:'a'},sk:{S:'1'}}}}], ReturnConsumedCapacity: rcc }))).ConsumedCapacity));
try { await c.send(new PutItemCommand({ TableName:'ttt', Item:{pk:{S:'a'},sk:{S:'1'}}, ConditionExpression:'attribute_not_exists(pk)', ReturnConsumedCapacity: rcc })); } catch (e) { console.log('condfail', (e as any).name, JSON.stringify((e as any).ConsumedCapacity), Object.keys(e as any)); }
}
} finally { await d.stop(); }
