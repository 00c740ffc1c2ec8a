export const greeter = {
  greet(name) {
    return `Hello, ${name}, from the JavaScript greeter!`;
  },
};
