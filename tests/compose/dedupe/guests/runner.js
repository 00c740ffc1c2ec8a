import { greet } from 'demo:pair/greeter';

export function run() {
  return `JavaScript runner: ${greet('weld')}`;
}
