/**
 * Highest versions all three libraries decode: KafkaJS stops at Metadata v6 and Fetch v11
 * (@platformatic/kafka reads Metadata 0-12 and Fetch 4-17, tskafka Metadata 0-13 and Fetch 4-18).
 */
export const METADATA_VERSION = 6;
export const FETCH_VERSION = 11;
/**
 * tskafka's extra row decodes the same content at v12, the first flexible version of both APIs
 * (compact strings and arrays, tagged fields), which is what it speaks to current brokers.
 */
export const FLEXIBLE_VERSION = 12;
