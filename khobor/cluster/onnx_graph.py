"""The few ONNX messages an inference graph needs, written as protobuf bytes for onnxruntime.

The ``onnx`` package builds the same messages, but importing it costs ~0.65 CPU-s (all its generated protobuf
modules), more than the graph's whole build; the wire format of the fields used here is small and fixed
(``onnx/onnx.proto``: field numbers below). ``tests/test_cluster_embedding.py`` parses the bytes with ``onnx``.
"""

from __future__ import annotations

import struct

import numpy as np

FLOAT, UINT8, INT8, INT32, INT64 = 1, 2, 3, 6, 7  # TensorProto.DataType
_TYPES = {np.dtype(np.float32): FLOAT, np.dtype(np.uint8): UINT8, np.dtype(np.int8): INT8, np.dtype(np.int32): INT32,
          np.dtype(np.int64): INT64}
IR_VERSION = 8


def _varint(n: int) -> bytes:
    """A varint; a negative int64 as its two's complement (ten bytes), as protobuf writes it."""
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _bytes(field: int, payload: bytes | str) -> bytes:
    """A length-delimited field (wire type 2): strings, bytes and nested messages."""
    if isinstance(payload, str):
        payload = payload.encode()
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


def _int(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


def _attribute(name: str, value: int | float) -> bytes:
    if isinstance(value, float):  # AttributeProto: name 1, f 2 (fixed32), i 3, type 20 (FLOAT 1, INT 2)
        return _bytes(1, name) + _varint(2 << 3 | 5) + struct.pack("<f", value) + _int(20, 1)
    return _bytes(1, name) + _int(3, value) + _int(20, 2)


def node(op: str, inputs: list[str], outputs: list[str], domain: str = "", **attributes: int | float) -> bytes:
    """NodeProto: input 1, output 2, op_type 4, attribute 5, domain 7 (an absent optional input is "")."""
    out = b"".join(_bytes(1, i) for i in inputs) + b"".join(_bytes(2, o) for o in outputs) + _bytes(4, op)
    out += b"".join(_bytes(5, _attribute(k, v)) for k, v in sorted(attributes.items()))
    return out + (_bytes(7, domain) if domain else b"")


def tensor(name: str, array: np.ndarray) -> bytes:
    """TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian)."""
    array = np.ascontiguousarray(array)
    dims = b"".join(_int(1, d) for d in array.shape)
    return dims + _int(2, _TYPES[array.dtype]) + _bytes(8, name) + _bytes(9, array.astype(array.dtype.newbyteorder("<")).tobytes())


def value_info(name: str, elem_type: int, shape: list[int | str]) -> bytes:
    """ValueInfoProto(name 1, type 2) > TypeProto(tensor_type 1) > Tensor(elem_type 1, shape 2) > dim 1
    (dim_value 1 or dim_param 2)."""
    dims = b"".join(_bytes(1, _int(1, d) if isinstance(d, int) else _bytes(2, d)) for d in shape)
    return _bytes(1, name) + _bytes(2, _bytes(1, _int(1, elem_type) + _bytes(2, dims)))


def model(nodes: list[bytes], initializers: list[bytes], inputs: list[bytes], outputs: list[bytes],
          opsets: dict[str, int], name: str = "graph") -> bytes:
    """ModelProto: ir_version 1, graph 7, opset_import 8 (domain 1, version 2); GraphProto: node 1, name 2,
    initializer 5, input 11, output 12."""
    graph = (b"".join(_bytes(1, n) for n in nodes) + _bytes(2, name) + b"".join(_bytes(5, t) for t in initializers)
             + b"".join(_bytes(11, i) for i in inputs) + b"".join(_bytes(12, o) for o in outputs))
    opset = b"".join(_bytes(8, (_bytes(1, domain) if domain else b"") + _int(2, version)) for domain, version in opsets.items())
    return _int(1, IR_VERSION) + _bytes(7, graph) + opset
