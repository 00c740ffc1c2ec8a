// The app in JavaScript: it calls Python (`format`), which calls C and WAT.
import { report } from 'demo:poly/format@0.1.0';

export function main(input) {
  const lines = input.split('|').map((part) => part.trim()).filter((part) => part.length > 0);
  return lines.map((line, i) => `${i + 1}. "${line}": ${report(line)}`).join('\n');
}
