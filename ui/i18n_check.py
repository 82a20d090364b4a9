"""Translation completeness and pseudo-translation.

- :func:`catalog_issues`: every ``resources/i18n/*.ts`` message that is unfinished, empty,
  obsolete or vanished.
- :func:`source_messages`: the (context, source) pairs the code asks to translate, found by
  ``pyside6-lupdate`` and by an AST scan that also understands this code base's one-line
  wrappers (``def _tr(text): return QCoreApplication.translate(CONTEXT, text)``), which
  lupdate reads as context-less ``tr`` calls or misses.
- :func:`missing_messages`: source pairs absent from a catalog.
- :class:`RecordingTranslator`: records every lookup at run time (catches strings that are
  built dynamically or pass through helpers neither scanner sees).
- :class:`PseudoTranslator`: ``［Ŝţŕéţçĥéđ··］`` text, so untranslatable strings (no brackets) and
  layouts that break with longer text are seen at once (``MYNADESK_PSEUDO=1``).

Each issue names file:context:source.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parents[1]
I18N_DIR = ROOT / "resources" / "i18n"
#: Other catalogs (an area's own, loaded by that area): same naming, ``<catalog>_<lang>.ts``.
EXTRA_I18N_DIRS: tuple[Path, ...] = ()
SOURCE_DIRS = (ROOT / "ui",)

Message = tuple[str, str]  # (context, source)


@dataclass(frozen=True, order=True)
class TsIssue:
    file: str
    context: str
    source: str
    problem: str  # "unfinished" | "empty" | "obsolete" | "vanished" | "missing" | "no_context"

    def __str__(self) -> str:
        return f"{self.file}:{self.context}:{self.source!r}: {self.problem}"


def ts_files(directory: Path | None = None) -> list[Path]:
    dirs = [directory] if directory is not None else [I18N_DIR, *EXTRA_I18N_DIRS]
    return sorted(p for d in dirs for p in d.glob("*.ts"))


def catalog_messages(ts: Path) -> set[Message]:
    root = ET.parse(ts).getroot()
    return {(ctx.findtext("name") or "", msg.findtext("source") or "")
            for ctx in root.findall("context") for msg in ctx.findall("message")}


def catalog_issues(files: Iterable[Path] | None = None) -> list[TsIssue]:
    issues: list[TsIssue] = []
    for ts in files if files is not None else ts_files():
        root = ET.parse(ts).getroot()
        for ctx in root.findall("context"):
            name = ctx.findtext("name") or ""
            for msg in ctx.findall("message"):
                source = msg.findtext("source") or ""
                if not name:
                    issues.append(TsIssue(ts.name, name, source, "no_context"))
                tr = msg.find("translation")
                kind = tr.get("type") if tr is not None else None
                if kind in ("obsolete", "vanished"):
                    issues.append(TsIssue(ts.name, name, source, kind))
                elif kind == "unfinished":
                    issues.append(TsIssue(ts.name, name, source, "unfinished"))
                elif tr is None or not ("".join(tr.itertext())).strip():
                    issues.append(TsIssue(ts.name, name, source, "empty"))
    return sorted(issues)


# -- source scanning ------------------------------------------------------------------------
def _lupdate() -> str | None:
    exe_dir = Path(sys.executable).parent
    candidate = exe_dir / "pyside6-lupdate"
    return str(candidate) if candidate.exists() else shutil.which("pyside6-lupdate")


def lupdate_messages(dirs: Iterable[Path] = SOURCE_DIRS) -> set[Message]:
    """What lupdate extracts (only entries with an explicit context; see module docstring)."""
    tool = _lupdate()
    if tool is None:
        return set()
    with tempfile.TemporaryDirectory(prefix="mynadesk-lupdate-") as tmp:
        out = Path(tmp) / "scan.ts"
        subprocess.run([tool, "-silent", "-extensions", "py", *map(str, dirs), "-ts", str(out)],
                       check=True, capture_output=True, timeout=60)
        return {m for m in catalog_messages(out) if m[0]}


def _const_str(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_translate(func: ast.AST) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == "translate") or (
        isinstance(func, ast.Name) and func.id == "translate")


@dataclass(frozen=True)
class _Wrapper:
    context_param: int | None  # index of the parameter that is the context, or None
    context: str | None  # constant context
    text_param: int


def _resolve_wrappers(trees: dict[str, ast.Module]) -> dict[str, dict[str, _Wrapper]]:
    """Per module, the functions that are (chains of) one-line translate wrappers:
    ``def _tr(text): return QCoreApplication.translate(CONTEXT, text)`` and
    ``def _t(s): return tr(C, s)`` over such a ``tr`` (also imported)."""
    consts = {mod: {t.id: v for node in tree.body if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name) and (v := _const_str(node.value)) is not None}
              for mod, tree in trees.items()}
    defs = {mod: {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef) and node.body}
            for mod, tree in trees.items()}
    imports: dict[str, dict[str, tuple[str, str]]] = {}
    for mod, tree in trees.items():
        table: dict[str, tuple[str, str]] = {}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module in trees:
                for alias in node.names:
                    table[alias.asname or alias.name] = (node.module, alias.name)
        imports[mod] = table
    memo: dict[tuple[str, str], _Wrapper | None] = {}

    def resolve(mod: str, name: str, depth: int = 0) -> _Wrapper | None:
        key = (mod, name)
        if key in memo or depth > 5:
            return memo.get(key)
        memo[key] = None
        if name in imports[mod] and name not in defs[mod]:
            memo[key] = resolve(*imports[mod][name], depth + 1)
            return memo[key]
        node = defs[mod].get(name)
        ret = node.body[-1] if node is not None else None
        if node is None or not (isinstance(ret, ast.Return) and isinstance(ret.value, ast.Call)):
            return None
        call = ret.value
        params = [a.arg for a in node.args.args]
        if _is_translate(call.func) and len(call.args) >= 2:
            ctx_node, text_node = call.args[0], call.args[1]
        elif isinstance(call.func, ast.Name) and (inner := resolve(mod, call.func.id, depth + 1)) is not None:
            if inner.text_param >= len(call.args):
                return None
            text_node = call.args[inner.text_param]
            if inner.context is not None:
                ctx_node = ast.Constant(inner.context)
            elif inner.context_param is not None and inner.context_param < len(call.args):
                ctx_node = call.args[inner.context_param]
            else:
                return None
        else:
            return None
        if not isinstance(text_node, ast.Name) or text_node.id not in params:
            return None
        text_param = params.index(text_node.id)
        if isinstance(ctx_node, ast.Name) and ctx_node.id in params:
            memo[key] = _Wrapper(params.index(ctx_node.id), None, text_param)
        else:
            ctx = _const_str(ctx_node) or (consts[mod].get(ctx_node.id) if isinstance(ctx_node, ast.Name) else None)
            memo[key] = _Wrapper(None, ctx, text_param) if ctx is not None else None
        return memo[key]

    result: dict[str, dict[str, _Wrapper]] = {}
    for mod in trees:
        names = set(defs[mod]) | set(imports[mod])
        result[mod] = {n: w for n in names if (w := resolve(mod, n)) is not None}
    return result


def _module_name(path: Path, base: Path = ROOT) -> str:
    return ".".join(path.relative_to(base).with_suffix("").parts)


def ast_messages(dirs: Iterable[Path] = SOURCE_DIRS) -> dict[Message, str]:
    """(context, source) -> first file:line, from translate()/QT_TRANSLATE_NOOP calls with
    literal arguments and calls of one-line translate wrappers (also imported ones)."""
    paths = {_module_name(p, d.parent): p for d in dirs for p in sorted(d.rglob("*.py"))}
    trees = {mod: ast.parse(p.read_text(encoding="utf-8"), str(p)) for mod, p in paths.items()}
    wrappers = _resolve_wrappers(trees)
    found: dict[Message, str] = {}
    for mod, tree in trees.items():
        path = paths[mod]
        local = wrappers[mod]
        where = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            ctx: str | None = None
            text: str | None = None
            if name in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) >= 2:
                ctx, text = _const_str(node.args[0]), _const_str(node.args[1])
            elif isinstance(func, ast.Name) and func.id in local:
                wrapper = local[func.id]
                args = node.args
                if wrapper.text_param < len(args):
                    text = _const_str(args[wrapper.text_param])
                    ctx = wrapper.context if wrapper.context_param is None else (
                        _const_str(args[wrapper.context_param]) if wrapper.context_param < len(args) else None)
            if ctx and text:
                found.setdefault((ctx, text), f"{where}:{node.lineno}")
    return found


def source_messages(dirs: Iterable[Path] = SOURCE_DIRS, *, use_lupdate: bool = True) -> dict[Message, str]:
    found = ast_messages(dirs)
    if use_lupdate:
        for message in lupdate_messages(dirs):
            found.setdefault(message, "(lupdate)")
    return found


def catalogs_by_language(directory: Path | None = None) -> dict[str, list[Path]]:
    """``<catalog>_<lang>.ts`` files grouped by language (a string may live in any catalog)."""
    out: dict[str, list[Path]] = {}
    for ts in ts_files(directory):
        out.setdefault(ts.stem.rsplit("_", 1)[-1], []).append(ts)
    return out


def missing_messages(catalogs: list[Path], sources: dict[Message, str]) -> list[TsIssue]:
    have: set[Message] = set()
    for ts in catalogs:
        have |= catalog_messages(ts)
    names = "+".join(ts.name for ts in catalogs)
    return sorted(TsIssue(f"{names} <- {where}", ctx, text, "missing")
                  for (ctx, text), where in sources.items() if (ctx, text) not in have)


# -- run-time translators ---------------------------------------------------------------------
class RecordingTranslator(QTranslator):
    """Records every (context, source) looked up while installed; translates nothing."""

    def __init__(self, parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self.seen: set[Message] = set()

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        self.seen.add((context, source))
        return None

    def isEmpty(self) -> bool:
        return False


_ACCENTS = str.maketrans(
    "AaCcEeIiNnOoSsUuYyZz",
    "ÅåÇçÉéÎîÑñÖöŠšÛûÝýŽž",
)


def pseudo(text: str, stretch: float = 0.4) -> str:
    """Accented, about 40 % longer and bracketed; keeps {placeholders}, %1/%n, &mnemonics,
    HTML tags and line breaks intact so the string still works where it is used."""
    if not text:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        closing = {"{": "}", "<": ">"}.get(ch)
        if closing and closing in text[i:]:
            end = text.index(closing, i) + 1
            out.append(text[i:end])
            i = end
            continue
        if ch in "%&" and i + 1 < len(text):
            out.append(text[i:i + 2])
            i += 2
            continue
        out.append(ch.translate(_ACCENTS))
        i += 1
    visible = sum(1 for ch in text if not ch.isspace())
    padding = "·" * max(2, round(visible * stretch))
    lines = "".join(out).split("\n")
    lines[0] = "［" + lines[0]
    lines[-1] = lines[-1] + padding + "］"
    return "\n".join(lines)


class PseudoTranslator(QTranslator):
    """Pseudo-translates whatever the app's catalogs would show (English text for English,
    the Japanese source otherwise). Asks those catalogs directly: going through
    QCoreApplication.translate would find this translator again."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        import ui.i18n

        base = source
        # ui.i18n keeps the installed catalogs in install order; the last one wins, as in Qt.
        for catalog in reversed(getattr(ui.i18n, "_installed", [])):
            found = catalog.translate(context, source, disambiguation, n)
            if found:
                base = found
                break
        return pseudo(base)

    def isEmpty(self) -> bool:
        return False


_pseudo: PseudoTranslator | None = None


def install_pseudo_translator(app: QCoreApplication) -> PseudoTranslator:
    """Installs the pseudo-translator on top of the current catalogs (sends LanguageChange)."""
    global _pseudo
    from ui.i18n import keep_on_top

    remove_pseudo_translator(app)
    _pseudo = PseudoTranslator(app)
    keep_on_top(app, _pseudo)  # stays above the catalogs when the language changes
    return _pseudo


def remove_pseudo_translator(app: QCoreApplication) -> None:
    global _pseudo
    if _pseudo is not None:
        from ui.i18n import keep_on_top

        keep_on_top(app, None)
        _pseudo = None


def main() -> int:
    """``python -m ui.i18n_check``: prints every catalog and source problem; status 1 if any."""
    problems = [str(i) for i in catalog_issues()]
    sources = source_messages()
    for catalogs in catalogs_by_language().values():
        problems += [str(i) for i in missing_messages(catalogs, sources)]
    print("\n".join(problems) if problems else "translations complete")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
