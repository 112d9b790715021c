import { describe, expect, it } from 'vitest';
import { renderPom } from './maven.js';
import { KAFKA_LINES } from './versions.js';

describe('renderPom', () => {
  it('adds the reload4j binding for 3.9 and excludes connect-runtime from the tools', () => {
    const pom = renderPom(KAFKA_LINES['3.9']);
    expect(pom).toContain('<artifactId>kafka_2.13</artifactId><version>3.9.1</version>');
    expect(pom).toContain('<artifactId>slf4j-reload4j</artifactId>');
    expect(pom).not.toContain('log4j-slf4j-impl');
    expect(pom).toMatch(/kafka-tools<\/artifactId><version>3\.9\.1<\/version><exclusions>.*connect-runtime/);
  });

  it('adds the log4j2 binding (SLF4J 1.x line) for 4.x', () => {
    const pom = renderPom(KAFKA_LINES['4']);
    expect(pom).toContain(`<version>${KAFKA_LINES['4'].version}</version>`);
    expect(pom).toContain('<artifactId>log4j-slf4j-impl</artifactId>');
    expect(pom).not.toContain('reload4j');
  });
});
