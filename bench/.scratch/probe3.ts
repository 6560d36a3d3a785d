import '../../infra/local/quiet-sdk-warning';
import { startDynamoDbLocal } from '../../infra/local/dynamodb/server';
import { CreateTableCommand, TransactWriteItemsCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
const d = await startDynamoDbLocal({ dataDir: '/tmp', inMemory: true });
const c = d.client;
try {
await c.send(new CreateTableCommand({ TableName: 'ttt', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{AttributeName:'pk',AttributeType:'S'},{AttributeName:'sk',AttributeType:'S'},{AttributeName:'g',AttributeType:'S'}], KeySchema: [{AttributeName:'pk',KeyType:'HASH'},{AttributeName:'sk',KeyType:'RANGE'}], GlobalSecondaryIndexes: [{IndexName:'gsi1', KeySchema:[{AttributeName:'g',KeyType:'HASH'}], Projection:{ProjectionType:'ALL'}}] }));
const tx = async (label: string, items: any[]) => console.log(label, JSON.stringify((await c.send(new TransactWriteItemsCommand({ TransactItems: items, ReturnConsumedCapacity: 'INDEXES' }))).ConsumedCapacity));
for (let i = 0; i < 2; i++) {
  await tx(`fresh2-nogsi-${i}`, [{Put:{TableName:'ttt', Item:{pk:{S:`x${i}`},sk:{S:'1'}}}},{Put:{TableName:'ttt', Item:{pk:{S:`y${i}`},sk:{S:'1'}}}}]);
  await tx(`fresh1-gsi-${i}`, [{Put:{TableName:'ttt', Item:{pk:{S:`z${i}`},sk:{S:'1'},g:{S:'g'}}}}]);
  await tx(`update-gsi-${i}`, [{Update:{TableName:'ttt', Key:{pk:{S:`z${i}`},sk:{S:'1'}}, UpdateExpression:'SET n = :n', ExpressionAttributeValues:{':n':{N:String(i+5)}}}}]);
  await tx(`condcheck-${i}`, [{ConditionCheck:{TableName:'ttt', Key:{pk:{S:`z${i}`},sk:{S:'1'}}, ConditionExpression:'attribute_exists(pk)'}}, {Put:{TableName:'ttt', Item:{pk:{S:`w${i}`},sk:{S:'1'}}}}]);
  console.log(`put-gsi-${i}`, JSON.stringify((await c.send(new PutItemCommand({ TableName:'ttt', Item:{pk:{S:`q${i}`},sk:{S:'1'},g:{S:'g'}}, ReturnConsumedCapacity: 'INDEXES' }))).ConsumedCapacity));
}
} finally { await d.stop(); }
