#!/bin/sh
# Regenerates the Word 97–2003 (.doc) fixtures in tests/data/doc/ with LibreOffice, for
# maintainers: the tests read the committed files and never need LibreOffice.
#
#   apt-get install -y libreoffice-writer-nogui python3-uno
#   sh tests/data/make-doc-fixtures.sh
#
# Fixtures: the seed report (from its TXT), three sample reports (from their DOCX, one
# with Word list numbering), a small report with a table, a hyperlink and a page break
# (from HTML), and the seed saved with the password "secret" (encrypted; through UNO,
# since soffice --convert-to takes no password for Word files). LibreOffice cannot write
# Kingsoft .wps files, so there is no .wps fixture.
#
# New files differ in their bytes (dates, LibreOffice's version): after remaking them, the
# counts of what their damaged copies give (OUTCOMES in tests/test_doc.py, class 6 of
# tests/test_fuzz.py) must be measured again.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/tests/data/doc"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
export HOME="$work"  # a throw-away LibreOffice profile

seed="$root/corpora/seed/沙坪坝区机关事务管理局-2023-法治政府建设情况报告.txt"
soffice --headless --infilter="Text (encoded):UTF8,LF,,," --convert-to "doc:MS Word 97" --outdir "$out" "$seed"
for name in liuxi-gov-2023 fenglin-wjw-2023 shimen-cgj-2023; do
    soffice --headless --convert-to "doc:MS Word 97" --outdir "$out" "$root/corpora/sample/$name.docx"
done

cat > "$work/table.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>云州市测试局2023年法治政府建设情况报告</title></head><body>
<p>云州市测试局2023年法治政府建设情况报告</p>
<h1>一、主要举措和成效</h1>
<p>全年办理行政复议案件12件，详见<a href="https://www.example.gov.cn/fzzf/">法治政府专栏</a>。</p>
<table border="1">
<tr><td>项目</td><td>2022年</td><td>2023年</td></tr>
<tr><td>行政复议</td><td>10件</td><td>12件</td></tr>
<tr><td>普法宣传</td><td>30次</td><td></td></tr>
</table>
<p>表后段落。</p>
<h1 style="page-break-before: always">二、存在的不足和原因</h1>
<p>执法人员培训不足。</p>
</body></html>
HTML
soffice --headless --convert-to "doc:MS Word 97" --outdir "$work" "$work/table.html"
cp "$work/table.doc" "$out/table.doc"

cat > "$work/encrypt.py" <<'PY'
"""Save a document as Word 97 with a password, through a headless LibreOffice (UNO)."""
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


source, target, password = sys.argv[1:4]
office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore",
                           "--accept=pipe,name=lawtextfixtures;urp;"])
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(100):
    try:
        remote = resolver.resolve("uno:pipe,name=lawtextfixtures;urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(0.3)
desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Word 97"), prop("Password", password)))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass  # the bridge goes down with the office
office.wait(timeout=60)
PY
/usr/bin/python3 "$work/encrypt.py" "$out/$(basename "$seed" .txt).doc" "$out/encrypted.doc" secret
ls -l "$out"
