"""openai-python's Responses WebSocket mode (client.responses.connect()): two turns on one
connection, the second chained to the first with previous_response_id. The same requests as
examples/openai-websocket.mjs, so it replays from the same cassette:

    pip install "openai>=2.22"
    tapedeck run --mode replay --cassette scenarios/quickstart.expanded.yaml -- python examples/python-websocket.py

Reads OPENAI_BASE_URL and OPENAI_API_KEY from the environment (tapedeck run sets both in replay).
Not run in CI: the Python openai package is not installed there.
"""

from openai import OpenAI


def run_turn(connection, **request):
    """Send one response.create and return the final response."""
    connection.response.create(**request)
    for event in connection:
        if event.type == "response.output_text.delta":
            print(event.delta, end="", flush=True)
        elif event.type in ("response.completed", "response.failed", "response.incomplete"):
            print()
            return event.response
        elif event.type == "error":
            raise RuntimeError(f"error event: {event}")
    raise RuntimeError("the connection closed before the response finished")


def main():
    client = OpenAI(max_retries=0)
    with client.responses.connect() as connection:
        first = run_turn(connection, model="gpt-5.5", input="My name is Ada. Please remember it.")
        second = run_turn(
            connection,
            model="gpt-5.5",
            input="What is my name?",
            previous_response_id=first.id,
        )
    print(f"websocket: 2 turns, second chained to {first.id}, status {second.status}")


if __name__ == "__main__":
    main()
