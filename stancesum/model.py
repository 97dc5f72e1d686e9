"""The fine-tuned model: one MiniLM encoder read once per article, two small heads.

The article is cut into windows of `[CLS] target [SEP] text [SEP]` (≤ 512 tokens, overlapping), so
long articles are never truncated and every token sees the target. From that single forward pass:
- the summary head scores each sentence from the mean of its token vectors (in the window where the
  sentence sits most centrally), plus a learned bias per sentence position (news puts the gist first);
- the stance head classifies each actor mention from [mention span, its sentence, the window's CLS],
  and an attention over the actor's mentions pools them into one stance; the most attended mention
  gives the evidence sentence. Logits are divided by a temperature fitted on the dev split.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from torch import nn

from stancesum.actors import FoundActor
from stancesum.errors import ModelError
from stancesum.format import STANCES
from stancesum.predictor import ActorStance, Prediction
from stancesum.reading import Article
from stancesum.threads import torch_threads
from stancesum.weights import CHECKSUMS_FILE, verify_checksums

HEADS_CONFIG = "stancesum.json"
WEIGHTS = "model.safetensors"


@dataclass
class HeadsConfig:
    max_length: int = 512  # tokens per window, specials included
    overlap: int = 128  # tokens shared by neighbouring windows
    max_target_tokens: int = 32
    positions: int = 48  # sentence-position buckets for the summary prior
    temperature: float = 1.0  # fitted on dev after training
    summary_words: int = 90  # word budget of a summary
    block_trigrams: bool = True  # redundancy blocking (BertSumExt)
    int8: bool = False  # load with dynamic int8 Linear layers by default (set where the eval holds)
    labels: list[str] = field(default_factory=lambda: list(STANCES))
    trained_on: dict = field(default_factory=dict)  # written by training: data, command, seed


# --- turning an article into windows and spans ------------------------------------------------

@dataclass
class Features:
    """One article as the network sees it; spans are (window, start, end) token positions."""

    input_ids: list[list[int]]
    token_type_ids: list[list[int]]
    sentence_spans: list[tuple[int, int, int]]
    mention_spans: list[tuple[int, int, int]]  # one per mention, pseudo-mentions use (w, 0, 0)
    mention_sentence: list[int]  # sentence index of each mention, -1 for the whole article
    mention_actor: list[int]  # actor index of each mention
    n_actors: int
    sentence_labels: list[float] | None = None
    actor_labels: list[int] | None = None


def encode(tokenizer, article: Article, actors: list[FoundActor], target: str, cfg: HeadsConfig) -> Features:
    enc = tokenizer(article.text, add_special_tokens=False, return_offsets_mapping=True)
    ids, offsets = enc["input_ids"], enc["offset_mapping"]
    starts = [s for s, _ in offsets]
    ends = [e for _, e in offsets]
    target_ids = tokenizer(target, add_special_tokens=False)["input_ids"][: cfg.max_target_tokens]
    head = [tokenizer.cls_token_id, *target_ids, tokenizer.sep_token_id]
    width = cfg.max_length - len(head) - 1
    window_starts = _window_starts(len(ids), width, cfg.overlap)

    def token_range(a: int, b: int) -> tuple[int, int]:
        return bisect.bisect_left(ends, a + 1), bisect.bisect_left(starts, b)

    def place(t0: int, t1: int) -> tuple[int, int, int]:
        """The window where tokens [t0, t1) sit most centrally, and their positions in it."""
        best = max(range(len(window_starts)),
                   key=lambda w: min(t0 - window_starts[w], window_starts[w] + width - t1))
        w0 = window_starts[best]
        a, b = max(t0, w0), min(max(t1, t0 + 1), w0 + width)
        return best, len(head) + a - w0, len(head) + max(b, a + 1) - w0

    sentence_spans = [place(*token_range(s.start, s.end)) for s in article.sentences]
    mention_spans, mention_sentence, mention_actor = [], [], []
    for k, actor in enumerate(actors):
        for m in actor.mentions:
            w, _, _ = sentence_spans[m.sentence]
            t0, t1 = token_range(m.start, m.end)
            w0 = window_starts[w]
            a, b = min(max(t0, w0), w0 + width - 1), min(max(t1, t0 + 1), w0 + width)
            mention_spans.append((w, len(head) + a - w0, len(head) + max(b, a + 1) - w0))
            mention_sentence.append(m.sentence)
            mention_actor.append(k)
        if not actor.mentions:  # e.g. the author of a text: read the whole article
            mention_spans.append((0, 0, 0))
            mention_sentence.append(-1)
            mention_actor.append(k)

    input_ids, types = [], []
    for w0 in window_starts:
        body = ids[w0:w0 + width]
        input_ids.append(head + body + [tokenizer.sep_token_id])
        types.append([0] * len(head) + [1] * (len(body) + 1))
    return Features(input_ids, types, sentence_spans, mention_spans, mention_sentence, mention_actor,
                    len(actors))


def _window_starts(n_tokens: int, width: int, overlap: int) -> list[int]:
    """As few full windows as cover the text with at least `overlap` tokens shared by neighbours,
    spread evenly (a stride-based split would end in a short, mostly padded window)."""
    if n_tokens <= width:
        return [0]
    n = math.ceil((n_tokens - overlap) / max(width - overlap, 1))
    n = max(n, 2)
    return [round(k * (n_tokens - width) / (n - 1)) for k in range(n)]


def collate(batch: list[Features]) -> dict[str, torch.Tensor]:
    """Stack the windows of several articles; spans and indices are shifted to batch positions."""
    length = max(len(ids) for f in batch for ids in f.input_ids)
    out = {k: [] for k in ("input_ids", "token_type_ids", "attention_mask", "window_article",
                           "sentence_spans", "sentence_article", "sentence_position", "mention_spans",
                           "mention_sentence", "mention_actor", "actor_article", "sentence_labels",
                           "actor_labels")}
    n_win = n_sent = n_actor = 0
    for a, f in enumerate(batch):
        for ids, types in zip(f.input_ids, f.token_type_ids):
            pad = length - len(ids)
            out["input_ids"].append(ids + [0] * pad)
            out["token_type_ids"].append(types + [0] * pad)
            out["attention_mask"].append([1] * len(ids) + [0] * pad)
            out["window_article"].append(a)
        for i, (w, s, e) in enumerate(f.sentence_spans):
            out["sentence_spans"].append((w + n_win, s, e))
            out["sentence_article"].append(a)
            out["sentence_position"].append(i)
        for (w, s, e), sent, actor in zip(f.mention_spans, f.mention_sentence, f.mention_actor):
            out["mention_spans"].append((w + n_win, s, e))
            out["mention_sentence"].append(sent + n_sent if sent >= 0 else -1)
            out["mention_actor"].append(actor + n_actor)
        out["actor_article"].extend([a] * f.n_actors)
        out["sentence_labels"].extend(f.sentence_labels or [-1.0] * len(f.sentence_spans))
        out["actor_labels"].extend(f.actor_labels or [-1] * f.n_actors)
        n_win, n_sent, n_actor = n_win + len(f.input_ids), n_sent + len(f.sentence_spans), n_actor + f.n_actors
    tensors = {k: torch.tensor(v, dtype=torch.float if k == "sentence_labels" else torch.long)
               for k, v in out.items()}
    for k in ("sentence_spans", "mention_spans"):
        tensors[k] = tensors[k].reshape(-1, 3)
    return tensors


# --- the network --------------------------------------------------------------------------------

class StanceSumNet(nn.Module):
    def __init__(self, encoder: nn.Module, cfg: HeadsConfig):
        super().__init__()
        self.encoder, self.cfg = encoder, cfg
        h = encoder.config.hidden_size
        self.sentence_head = nn.Sequential(nn.Linear(h, h), nn.GELU(), nn.Linear(h, 1))
        self.position_bias = nn.Embedding(cfg.positions, 1)
        with torch.no_grad():  # start from a lead prior: earlier sentences score higher
            self.position_bias.weight.copy_(-0.15 * torch.arange(cfg.positions, dtype=torch.float).unsqueeze(1))
        self.stance_head = nn.Sequential(nn.Linear(3 * h, h), nn.GELU(), nn.Dropout(0.1),
                                         nn.Linear(h, len(cfg.labels)))
        self.mention_attention = nn.Linear(3 * h, 1)

    def forward(self, b: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        hidden = self.encoder(input_ids=b["input_ids"], attention_mask=b["attention_mask"],
                              token_type_ids=b["token_type_ids"]).last_hidden_state
        prefix = torch.cat([hidden.new_zeros(hidden.shape[0], 1, hidden.shape[2]), hidden.cumsum(1)], 1)

        def span_mean(spans: torch.Tensor) -> torch.Tensor:
            w, s, e = spans.unbind(-1)
            return (prefix[w, e] - prefix[w, s]) / (e - s).clamp(min=1).unsqueeze(-1)

        sentences = span_mean(b["sentence_spans"])
        positions = b["sentence_position"].clamp(max=self.cfg.positions - 1)
        sentence_scores = self.sentence_head(sentences).squeeze(-1) + self.position_bias(positions).squeeze(-1)

        n_articles = int(b["window_article"].max()) + 1 if len(b["window_article"]) else 0
        article = _segment_mean(sentences, b["sentence_article"], n_articles)
        cls = hidden[:, 0]
        first_window = torch.full((n_articles,), len(cls), dtype=torch.long).scatter_reduce(
            0, b["window_article"], torch.arange(len(cls)), "amin")
        out = {"sentence_scores": sentence_scores}
        n_actors = len(b["actor_article"])
        if n_actors:
            whole = b["mention_sentence"] < 0
            mention_article = b["actor_article"][b["mention_actor"]]
            span = torch.where(whole.unsqueeze(-1), article[mention_article], span_mean(b["mention_spans"]))
            sent = torch.where(whole.unsqueeze(-1), article[mention_article],
                               sentences[b["mention_sentence"].clamp(min=0)])
            window_cls = torch.where(whole.unsqueeze(-1), cls[first_window[mention_article]],
                                     cls[b["mention_spans"][:, 0]])
            feats = torch.cat([span, sent, window_cls], -1)
            mention_logits = self.stance_head(feats)
            weights = _segment_softmax(self.mention_attention(feats).squeeze(-1), b["mention_actor"], n_actors)
            actor_logits = torch.zeros(n_actors, mention_logits.shape[1], dtype=mention_logits.dtype).index_add(
                0, b["mention_actor"], weights.unsqueeze(-1) * mention_logits)
            out.update(actor_logits=actor_logits, mention_logits=mention_logits, mention_weights=weights)
        return out


def _segment_mean(x: torch.Tensor, segment: torch.Tensor, n: int) -> torch.Tensor:
    total = x.new_zeros(n, x.shape[-1]).index_add(0, segment, x)
    count = x.new_zeros(n).index_add(0, segment, torch.ones_like(segment, dtype=x.dtype)).clamp(min=1)
    return total / count.unsqueeze(-1)


def _segment_softmax(scores: torch.Tensor, segment: torch.Tensor, n: int) -> torch.Tensor:
    top = scores.new_full((n,), float("-inf")).scatter_reduce(0, segment, scores, "amax")
    exp = (scores - top[segment]).exp()
    return exp / scores.new_zeros(n).index_add(0, segment, exp)[segment]


# --- the predictor users load -------------------------------------------------------------------

_TRIGRAM_WORD = re.compile(r"\w+")


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = _TRIGRAM_WORD.findall(text.lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


class StanceSumModel:
    """A model folder (config.json + tokenizer + stancesum.json + model.safetensors) as a predictor."""

    name = "stancesum-model"
    threads: int | None = None  # torch threads for one article's pass; None: see stancesum.threads

    def __init__(self, net: StanceSumNet, tokenizer, name: str | None = None):
        self.net, self.tokenizer = net.eval(), tokenizer
        tokenizer.model_max_length = 1 << 30  # articles are windowed here, never cut by the tokenizer
        if name:
            self.name = name

    @classmethod
    def from_base(cls, base_folder: str | Path, cfg: HeadsConfig | None = None) -> "StanceSumModel":
        """A fresh model on a pretrained encoder folder (the start of training)."""
        from transformers import AutoModel, AutoTokenizer

        encoder = AutoModel.from_pretrained(base_folder, local_files_only=True)
        tokenizer = AutoTokenizer.from_pretrained(base_folder, local_files_only=True)
        return cls(StanceSumNet(encoder, cfg or HeadsConfig()), tokenizer)

    @classmethod
    def load(cls, folder: str | Path, quantize: bool | None = None) -> "StanceSumModel":
        """quantize: dynamic int8 Linear layers (torch.ao); None takes the folder's `int8` setting."""
        from safetensors.torch import load_file
        from transformers import AutoConfig, AutoModel, AutoTokenizer

        folder = Path(folder)
        for needed in ("config.json", HEADS_CONFIG, WEIGHTS, CHECKSUMS_FILE):
            if not (folder / needed).is_file():
                raise ModelError(f"{folder}: missing model file {needed}")
        verify_checksums(folder)
        cfg = HeadsConfig(**json.loads((folder / HEADS_CONFIG).read_text()))
        from transformers.initialization import no_init_weights

        with no_init_weights():  # every weight is loaded (strictly) below: skip the random init
            encoder = AutoModel.from_config(AutoConfig.from_pretrained(folder, local_files_only=True))
            net = StanceSumNet(encoder, cfg)
        state = {k: v.float() for k, v in load_file(folder / WEIGHTS).items()}
        net.load_state_dict(state)
        quantize = cfg.int8 if quantize is None else quantize
        if quantize:
            net = torch.ao.quantization.quantize_dynamic(net, {nn.Linear}, dtype=torch.qint8)
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        return cls(net, tokenizer, name=f"model:{folder.name}@{'int8' if quantize else 'fp32'}")

    def save(self, folder: str | Path, extra_files: dict[str, str] | None = None) -> None:
        """fp16 safetensors + encoder config + tokenizer + heads config + checksums."""
        from safetensors.torch import save_file

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        state = {k: v.detach().to(torch.float16).contiguous() for k, v in self.net.state_dict().items()}
        save_file(state, folder / WEIGHTS)
        self.net.encoder.config.save_pretrained(folder)
        self.tokenizer.save_pretrained(folder)
        (folder / HEADS_CONFIG).write_text(json.dumps(asdict(self.net.cfg), indent=2) + "\n")
        for name, text in (extra_files or {}).items():
            (folder / name).write_text(text)
        from stancesum.weights import write_checksums

        write_checksums(folder, sorted(p.name for p in folder.iterdir()
                                       if p.is_file() and p.name not in (CHECKSUMS_FILE, "README.md")))

    @torch.inference_mode()
    def predict(self, article: Article, actors: list[FoundActor], target: str, max_sentences: int) -> Prediction:
        cfg = self.net.cfg
        feats = encode(self.tokenizer, article, actors, target, cfg)
        with torch_threads(self.threads):
            out = self.net(collate([feats]))
        summary = self.select(article, out["sentence_scores"].tolist(), max_sentences)
        stances = []
        if actors:
            probs = (out["actor_logits"] / cfg.temperature).softmax(-1)
            mention_probs = out["mention_logits"].softmax(-1)
            weights = out["mention_weights"]
            for k, actor in enumerate(actors):
                label = int(probs[k].argmax())
                rows = [i for i, a in enumerate(feats.mention_actor) if a == k and feats.mention_sentence[i] >= 0]
                # Evidence: mentions ranked by attention × their own support for the chosen label.
                rows.sort(key=lambda i: -float(weights[i] * mention_probs[i, label]))
                evidence = list(dict.fromkeys(feats.mention_sentence[i] for i in rows))
                stances.append(ActorStance(cfg.labels[label], float(probs[k, label]), evidence[:2]))
        return Prediction(summary=summary, stances=stances)

    def select(self, article: Article, scores: list[float], max_sentences: int,
               max_words: int | None = None) -> list[int]:
        """Top-scoring story sentences (a headline or label line is never picked, as in Lead-N)
        with trigram blocking, within the sentence and word budgets (default: the model's)."""
        from stancesum.baselines import story_sentences

        cfg, picked, seen, words = self.net.cfg, [], set(), 0
        max_words = cfg.summary_words if max_words is None else max_words
        for i in sorted(story_sentences(article), key=lambda i: -scores[i]):
            text = article.sentences[i].text
            grams = _trigrams(text)
            n_words = len(text.split())
            if cfg.block_trigrams and grams & seen:
                continue
            if picked and words + n_words > max_words:
                continue
            picked.append(i)
            seen |= grams
            words += n_words
            if len(picked) >= max_sentences:
                break
        return sorted(picked)
