"""Streamlit sessions without a browser: the messages a browser tab exchanges, for measuring the server alone.

A tab opens a WebSocket at `/_stcore/stream`, asks for a script run of the page in its URL, and receives the
page as deltas until `script_finished`. Doing the same with protobuf messages costs the client almost nothing,
so twenty sessions on the server's own two cores measure the server, not twenty renderers.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED_OK = {"FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"}


@dataclass
class SessionVisit:
    """One page view over the protocol: seconds until the run finished, deltas received, and any error."""

    seconds: float
    deltas: int
    error: str | None = None


def _rerun(path: str, query: str) -> bytes:
    """Return the message a tab sends on load: run the page whose URL path is `path`."""
    message = BackMsg()
    message.rerun_script.page_name = path
    message.rerun_script.query_string = query
    return message.SerializeToString()


async def visit(base_url: str, path: str, query: str = "", cookie: str | None = None,
                timeout: float = 300) -> SessionVisit:
    """Open a session on page `path`, wait for its script run to end, close it; an exception on the page is an error.

    `cookie` is sent as a browser sends the cookies it holds (nginx's route cookie keeps a viewer on one replica).
    """
    ws_url = base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
    start = time.perf_counter()
    deltas = 0
    headers = {"Cookie": cookie} if cookie else None
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=base_url, max_size=None,
                                      open_timeout=timeout, additional_headers=headers) as socket:
            await socket.send(_rerun(path, query))
            error = None
            while True:
                left = timeout - (time.perf_counter() - start)
                if left <= 0:
                    return SessionVisit(time.perf_counter() - start, deltas, "timeout")
                message = ForwardMsg.FromString(await _receive(socket, left))
                kind = message.WhichOneof("type")
                if kind == "delta":
                    deltas += 1
                    element = message.delta.WhichOneof("type") == "new_element" and message.delta.new_element
                    if element and element.WhichOneof("type") == "exception":
                        error = error or "exception"
                elif kind == "page_not_found":
                    error = "page not found"
                elif kind == "script_finished":
                    status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                    if status in FINISHED_OK:
                        return SessionVisit(time.perf_counter() - start, deltas, error)
                    return SessionVisit(time.perf_counter() - start, deltas, status.lower())
    except TimeoutError:
        return SessionVisit(time.perf_counter() - start, deltas, "timeout")
    except (OSError, websockets.WebSocketException) as exc:
        return SessionVisit(time.perf_counter() - start, deltas, f"socket: {exc}")


async def _receive(socket: websockets.ClientConnection, seconds: float) -> bytes:
    """Return the next binary message, or raise TimeoutError after `seconds`."""
    data = await asyncio.wait_for(socket.recv(), timeout=seconds)
    return data if isinstance(data, bytes) else data.encode()
