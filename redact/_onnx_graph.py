"""Fix the input and output shapes of an ONNX model's bytes, without the ``onnx`` package.

onnxruntime plans a graph whose shapes are all known better than one it must infer as it runs,
so the detectors hand it their model with the input fixed at the size they will feed. Importing
``onnx`` for that edit (its ``ml_dtypes`` extension) took longer at every start than redacting a
small photo; protobuf, which onnxruntime itself requires, can make the edit with a schema of only
the handful of ONNX fields involved. Every other field of the model is kept as it was read
(protobuf carries fields it does not know through unchanged).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

# The fields used here, with their numbers in onnx.proto (ModelProto.graph is 7, and so on).
_SCHEMA = {
    "ModelProto": [("graph", 7, "GraphProto", True)],
    "GraphProto": [
        ("initializer", 5, "TensorProto", False),
        ("input", 11, "ValueInfoProto", False),
        ("output", 12, "ValueInfoProto", False),
        ("value_info", 13, "ValueInfoProto", False),
    ],
    "TensorProto": [("name", 8, str, True)],
    "ValueInfoProto": [("name", 1, str, True), ("type", 2, "TypeProto", True)],
    "TypeProto": [("tensor_type", 1, "Tensor", True)],
    "Tensor": [("shape", 2, "TensorShapeProto", True)],
    "TensorShapeProto": [("dim", 1, "Dimension", False)],
    "Dimension": [("dim_value", 1, int, True), ("dim_param", 2, str, True)],
}


@cache
def _model_class():
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    f = descriptor_pb2.FieldDescriptorProto
    file = descriptor_pb2.FileDescriptorProto(
        name="redact_onnx_subset.proto", package="redact_onnx_subset", syntax="proto2"
    )
    for name, fields in _SCHEMA.items():
        message = file.message_type.add(name=name)
        if name == "Dimension":
            message.oneof_decl.add(name="value")
        for field_name, number, kind, single in fields:
            field = message.field.add(name=field_name, number=number)
            field.label = f.LABEL_OPTIONAL if single else f.LABEL_REPEATED
            if kind is str:
                field.type = f.TYPE_STRING
            elif kind is int:
                field.type = f.TYPE_INT64
            else:
                field.type, field.type_name = f.TYPE_MESSAGE, f".redact_onnx_subset.{kind}"
            if name == "Dimension":
                field.oneof_index = 0
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return message_factory.GetMessageClass(
        pool.FindMessageTypeByName("redact_onnx_subset.ModelProto")
    )


def _set_dims(value, dims: Sequence[int | str]) -> None:
    """Each dimension of ``value``'s tensor type: a number fixes it, a string names it."""
    shape = value.type.tensor_type.shape
    del shape.dim[:]
    for size in dims:
        dim = shape.dim.add()
        if isinstance(size, str):
            dim.dim_param = size
        else:
            dim.dim_value = size


def fix_shapes(
    data: bytes,
    input_dims: Sequence[int],
    output_dims: Sequence[Sequence[int | str]] | None = None,
    drop_value_info: bool = False,
) -> bytes:
    """The model ``data`` with its one real input's shape fixed to ``input_dims``.

    Args:
        data: a serialised ONNX model.
        input_dims: the input's dimensions.
        output_dims: each output's dimensions, in order (a number fixes one, a string names it
            for onnxruntime to infer); ``None`` leaves them as they are.
        drop_value_info: forget the shapes recorded for the graph's inner values (recorded for
            another input size, they would contradict the new one).

    Initialisers that an older exporter also listed as graph inputs are no longer inputs, so
    onnxruntime may fold them as the constants they are.
    """
    model = _model_class()()
    model.ParseFromString(data)
    graph = model.graph
    constants = {tensor.name for tensor in graph.initializer}
    inputs = [value for value in graph.input if value.name not in constants]
    if len(inputs) != 1:
        raise ValueError(f"expected a model with one input, found {len(inputs)}")
    real = type(inputs[0])()
    real.CopyFrom(inputs[0])  # a copy: clearing the list below releases the original
    del graph.input[:]
    graph.input.add().CopyFrom(real)
    _set_dims(graph.input[0], input_dims)
    if output_dims is not None:
        if len(output_dims) != len(graph.output):
            raise ValueError(f"the model has {len(graph.output)} outputs, {len(output_dims)} given")
        for output, dims in zip(graph.output, output_dims):
            _set_dims(output, dims)
    if drop_value_info:
        del graph.value_info[:]
    return model.SerializeToString()
