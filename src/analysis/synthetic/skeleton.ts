/**
 * The sample skeleton of the synthetic DFME: parts, participants (gender), ME samples (emotion,
 * elicitation video, file name, key frames), reproducing Table 1 exactly.
 */
import type { Emotion } from '../labels/emotions';
import type { Random } from '../util/random';
import { drawKeyFrames } from './frames';
import { TABLE1_DFME_PARTS, TABLE2_VIDEOS, TABLE6_PARTICIPANTS, VIDEOS_PER_PARTICIPANT, type PaperPart } from './paper-targets';
import { apportion, stageRandom } from './sampling';

export interface SyntheticSubject {
  subject: string;
  part: PaperPart['part'];
  gender: 'M' | 'F';
  /** 1-based position of the participant in file order (parts A, B, C; subjects ascending). */
  order: number;
}

export interface SkeletonSample {
  subject: string;
  part: PaperPart['part'];
  gender: 'M' | 'F';
  fps: number;
  filename: string;
  video: string;
  onset: number;
  apex: number;
  offset: number;
  emotion: Emotion;
  /** True for the samples of the first 300 participants in file order (Table 6's statistical range). */
  firstParticipants: boolean;
}

/** Subject ids: `sub001` … `sub656`, numbered in file order across parts A, B and C. */
export function subjectId(order: number): string {
  return `sub${String(order).padStart(3, '0')}`;
}

function emotionMultiset(part: PaperPart): Emotion[] {
  const out: Emotion[] = [];
  for (const [emotion, n] of Object.entries(part.emotions)) for (let i = 0; i < n; i++) out.push(emotion as Emotion);
  return out;
}

/** Ten videos per participant (Sec. 3.2.2): one of each of the seven emotions plus three more, in viewing order. */
function viewingOrder(rng: Random): string[] {
  const byEmotion = new Map<string, string[]>();
  for (const v of TABLE2_VIDEOS) byEmotion.set(v.emotion, [...(byEmotion.get(v.emotion) ?? []), v.id]);
  const chosen = [...byEmotion.values()].map((ids) => ids[rng.int(ids.length)]);
  const rest = rng.shuffle(TABLE2_VIDEOS.map((v) => v.id).filter((id) => !chosen.includes(id)));
  return rng.shuffle([...chosen, ...rest.slice(0, VIDEOS_PER_PARTICIPANT - chosen.length)]);
}

/** Builds subjects and samples for every part; rows come out in file order (part, subject, viewing order, onset). */
export function buildSkeleton(seed: number): { subjects: SyntheticSubject[]; samples: SkeletonSample[] } {
  const rng = stageRandom(seed, 'skeleton');
  const videoSeconds = new Map(TABLE2_VIDEOS.map((v) => [v.id, v.seconds]));
  const videoEmotion = new Map(TABLE2_VIDEOS.map((v) => [v.id, v.emotion]));
  const subjects: SyntheticSubject[] = [];
  const samples: SkeletonSample[] = [];
  let order = 0;
  for (const part of TABLE1_DFME_PARTS) {
    const genders = rng.shuffle([...Array(part.male).fill('M'), ...Array(part.female).fill('F')] as ('M' | 'F')[]);
    // Every participant has at least one ME; the rest spread with log-normal individual propensities.
    const propensity = genders.map(() => Math.exp(0.6 * rng.normal()));
    const perSubject = apportion(propensity, part.samples - part.participants).map((n) => n + 1);
    const emotions = rng.shuffle(emotionMultiset(part));
    let next = 0;
    for (let s = 0; s < part.participants; s++) {
      order++;
      const subject = subjectId(order);
      const gender = genders[s];
      subjects.push({ subject, part: part.part, gender, order });
      const videos = viewingOrder(rng);
      const own = emotions.slice(next, next + perSubject[s]);
      next += perSubject[s];
      // Most MEs arise while watching a video of their own emotion (Sec. 3.2.2's self-reports tie them together).
      const byVideo = new Map<string, Emotion[]>(videos.map((v) => [v, []]));
      for (const emotion of own) {
        const matching = videos.filter((v) => videoEmotion.get(v) === emotion);
        const video = matching.length > 0 && rng.next() < 0.8 ? matching[rng.int(matching.length)] : videos[rng.int(videos.length)];
        byVideo.get(video)!.push(emotion);
      }
      for (const video of videos) {
        const list = byVideo.get(video)!;
        if (list.length === 0) continue;
        // Onsets spread over the video's recording, in time order, clips never overlapping.
        const frames = videoSeconds.get(video)! * part.fps;
        const slot = Math.floor(frames / list.length);
        list.forEach((emotion, k) => {
          const onset = k * slot + 1 + rng.int(Math.max(1, slot - part.fps));
          const key = drawKeyFrames(rng, onset, part.fps);
          samples.push({
            subject, part: part.part, gender, fps: part.fps, video,
            filename: `${subject}_${video}_${String(k + 1).padStart(2, '0')}`,
            ...key, emotion, firstParticipants: order <= TABLE6_PARTICIPANTS,
          });
        });
      }
    }
  }
  return { subjects, samples };
}
