/** The Kafka boundary: services import from here and never from the client library. */
export { KafkaConsumerLoop, type ConsumerHooks, type ConsumerSettings, type Handler, type InMessage } from './consumer.ts';
export { KafkaProducer, type OutRecord, type ProducerSettings } from './producer.ts';
export { connectionOptions, type ConnectionOptions, type KafkaConfig } from './options.ts';
export { dlqTopic } from './dead-letter.ts';
export { isRetriable } from './errors.ts';
