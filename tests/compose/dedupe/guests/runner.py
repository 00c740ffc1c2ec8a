import wit_world
from wit_world.imports import greeter


class WitWorld(wit_world.WitWorld):
    def run(self) -> str:
        return "Python runner: " + greeter.greet("weld")
