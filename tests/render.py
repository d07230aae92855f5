"""Render a plain-text report (one paragraph per line, title first) as PDF, DOCX and
a government-style HTML page, to check that every reader yields the same text."""

from __future__ import annotations

import html
from pathlib import Path

_NO_LINE_START = "，。、；：？！）》”’"


def _wrap(paragraph: str, first: float, rest: float, measure) -> list[str]:
    """Fill lines up to the given widths, breaking wherever that falls (mid-word, between
    a number and its unit), but never starting a line with closing punctuation."""
    lines, line, limit = [], "", first
    for ch in paragraph:
        if line and measure(line + ch) > limit and ch not in _NO_LINE_START:
            lines.append(line)
            line, limit = "", rest
        line += ch
    return [*lines, line]


def render_pdf(text: str, path: Path, *, header: str = "", fake_bold_title: bool = False,
               letter_spaced_title: bool = False, encrypt: str | None = None, indent: bool = True,
               paragraph_spacing: bool = False, footer: str = "— {page} —", wrap_chars: int | None = None) -> Path:
    """A4 pages in the non-embedded CID font STSong-Light, first-line indents of two
    characters, lines filled to the margin, a running header and ``— N —`` footers.

    Without ``indent`` paragraphs start flush left; ``paragraph_spacing`` adds half a line
    between paragraphs; ``wrap_chars`` breaks lines every so many characters instead of at
    the margin (lines with half-width digits then fall short of it)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size, lead, left = 14, 26, 72
    width, height = A4
    body = width - 2 * left

    def measure(s: str) -> float:
        return pdfmetrics.stringWidth(s, "STSong-Light", size)

    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    pdf.setTitle("")
    page = 1
    y = height - 100

    def furniture() -> None:
        pdf.setFont("STSong-Light", 10)
        if header:
            pdf.drawCentredString(width / 2, height - 50, header)
        pdf.drawCentredString(width / 2, 40, footer.format(page=page))

    furniture()
    paragraphs = text.strip("\n").split("\n")
    for n, para in enumerate(paragraphs):
        para = para.strip()
        if not para:
            continue
        if n == 0:
            title = " ".join(para) if letter_spaced_title else para
            pdf.setFont("STSong-Light", 18)
            pdf.drawCentredString(width / 2, y, title)
            if fake_bold_title:
                pdf.drawCentredString(width / 2 + 0.4, y, title)
            y -= 2 * lead
            continue
        pdf.setFont("STSong-Light", size)
        first = 2 * size if indent else 0
        if paragraph_spacing:
            y -= lead // 2
        lines = ([para[i:i + wrap_chars] for i in range(0, len(para), wrap_chars)] if wrap_chars
                 else _wrap(para, body - first, body, measure))
        for i, line in enumerate(lines):
            if y < 80:
                pdf.showPage()
                page += 1
                furniture()
                pdf.setFont("STSong-Light", size)
                y = height - 100
            pdf.drawString(left + (first if i == 0 else 0), y, line)
            y -= lead
    pdf.showPage()
    pdf.save()
    return path


def render_docx(text: str, path: Path, *, auto_numbering: bool = False) -> Path:
    """A Word file: title, body paragraphs, first-level headings in style Heading 1.

    With ``auto_numbering`` the ``一、`` of first-level headings is not typed but generated
    by a Chinese-counting list, as Word does it."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from lawtext.resources import HEADING_PATTERNS

    level1 = HEADING_PATTERNS[0][2]
    document = docx.Document()
    paragraphs = [p.strip() for p in text.strip("\n").split("\n") if p.strip()]
    document.add_paragraph(paragraphs[0], style="Title")
    num_id = None
    if auto_numbering:
        numbering = document.part.numbering_part.element
        numbering.append(parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0">'
            '<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        ))
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
        ))
        num_id = 90
    for para in paragraphs[1:]:
        match = level1.match(para)
        if match:
            body = para[match.end():] if num_id else para
            p = document.add_paragraph(body, style="Heading 1")
            if num_id:
                p._p.get_or_add_pPr().append(parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
                ))
        else:
            document.add_paragraph(para)
    document.save(str(path))
    return path


def render_html(text: str, path: Path, *, encoding: str = "gbk", issuer: str = "",
                published: str | None = "2024-01-26 10:30", line_breaks: bool = False) -> Path:
    """A government web page in ``encoding``: navigation, breadcrumb, a 来源/发布时间 line,
    the article, a share bar and a footer. With ``line_breaks`` the article is one block
    of ``<br>``-separated lines indented with ``&nbsp;``, first-level headings in bold."""
    paragraphs = [p.strip() for p in text.strip("\n").split("\n") if p.strip()]
    title = paragraphs[0]
    if line_breaks:
        from lawtext.resources import HEADING_PATTERNS

        lines = [f"<strong>{html.escape(p)}</strong>" if HEADING_PATTERNS[0][2].match(p) else html.escape(p)
                 for p in paragraphs[1:]]
        body = '<div class="TRS_Editor">' + "<br>\n".join("&nbsp;&nbsp;&nbsp;&nbsp;" + ln for ln in lines) + "</div>"
    else:
        body = "\n".join(f'<p style="text-indent:2em">{html.escape(p)}</p>' for p in paragraphs[1:])
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{html.escape(title)}_{html.escape(issuer or "政府信息公开")}</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav li {{ float: left; }}</style></head>
<body>
<div class="header"><div class="logo">{html.escape(issuer)}门户网站</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 法治政府建设</div>
<div class="article">
<h1 class="title">{html.escape(title)}</h1>
<div class="info">来源：{html.escape(issuer)} {f"发布时间：{published}" if published else ""} 浏览次数：1024</div>
<div class="content" id="zoom">
{body}
</div>
<div class="share">分享到：微信 微博 【打印本页】【关闭窗口】</div>
</div>
<div class="footer"><p>主办单位：{html.escape(issuer)} 联系电话：023-65000000</p>
<p>渝ICP备05003300号 网站标识码5001060009</p></div>
</body></html>"""
    path.write_bytes(page.encode(encoding))
    return path


def render_scan(text: str, *, dpi: int = 200, skew: float = 0.0, blur: float = 0.0, header: str = "",
                size: tuple[float, float] = (595.3, 841.9), footer: str = "— {page} —", title: bool = True) -> list:
    """Pages of a scanned report as Pillow images: the text drawn like :func:`render_pdf`
    (title centred, first-line indents of two characters, lines filled to the margin, a
    running ``header`` and ``— N —`` footers) in the bundled Noto Sans CJK at ``dpi``,
    then turned by ``skew`` degrees (anticlockwise) and blurred with a Gaussian of radius
    ``blur`` pixels, as a scanner gives them. ``size`` is the page in points (A4); without
    ``title`` the first line is a paragraph like the others (a page that continues a report)."""
    from noto_cjk import otc_path
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    px = dpi / 72
    width, height = round(size[0] * px), round(size[1] * px)
    left, lead, top, bottom = 72 * px, 26 * px, 100 * px, 80 * px

    def font(points: float) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(otc_path("sans")), round(points * px), index=2)  # Noto Sans CJK SC

    body, title, small = font(14), font(18), font(10)
    pages: list = []
    y = top

    def new_page() -> ImageDraw.ImageDraw:
        pages.append(Image.new("L", (width, height), 255))
        draw = ImageDraw.Draw(pages[-1])
        if header:
            draw.text((width / 2, 50 * px), header, font=small, fill=0, anchor="ms")
        draw.text((width / 2, height - 40 * px), footer.format(page=len(pages)), font=small, fill=0, anchor="ms")
        return draw

    draw = new_page()
    paragraphs = [p.strip() for p in text.strip("\n").split("\n") if p.strip()]
    for n, para in enumerate(paragraphs):
        if n == 0 and title:
            draw.text((width / 2, y), para, font=title, fill=0, anchor="ms")
            y += 2 * lead
            continue
        lines = _wrap(para, width - 2 * left - 2 * 14 * px, width - 2 * left, body.getlength)
        for i, line in enumerate(lines):
            if y > height - bottom:
                draw = new_page()
                y = top
            draw.text((left + (2 * 14 * px if i == 0 else 0), y), line, font=body, fill=0, anchor="ls")
            y += lead
    out = []
    for page in pages:
        if skew:
            page = page.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
        if blur:
            page = page.filter(ImageFilter.GaussianBlur(blur))
        out.append(page)
    return out


def scan_pdf(pages: list, path: Path, dpi: int = 200) -> Path:
    """An image-only PDF (no text layer) of the page images, at ``dpi``."""
    pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return path
