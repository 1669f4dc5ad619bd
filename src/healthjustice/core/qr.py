"""QR codes as SVG, made on the server (no image service, nothing to load at run time)."""

import base64
import io

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")


def qr_svg_data_uri(data: str) -> str:
    """The QR code as a `data:` address, for an <img> that carries alternative text."""
    encoded = base64.b64encode(qr_svg(data).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
